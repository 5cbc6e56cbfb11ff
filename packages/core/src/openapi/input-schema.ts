import type { JsonSchema } from "../protocol/schema.js";
import type { OpenAPIOperation } from "./operations.js";

/** Where one tool argument goes in the HTTP request. */
export interface ArgumentBinding {
  argument: string;
  in: "path" | "query" | "header" | "body" | "body_property";
  /** The parameter's or body property's own name. */
  name: string;
  style?: string;
  explode?: boolean;
}

export interface OperationInput {
  schema: JsonSchema & { type: "object"; properties: Record<string, JsonSchema>; required?: string[] };
  bindings: ArgumentBinding[];
}

/**
 * The tool input schema for an operation: path, query and header parameters as arguments, and the
 * JSON body's properties beside them (or one `body` argument when the body is not an object).
 * A name used twice (a `limit` in the query and in the body) gets its location as a suffix.
 */
export function operationInput(operation: OpenAPIOperation): OperationInput {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  const bindings: ArgumentBinding[] = [];
  const bodyProperties = objectProperties(operation.body?.schema);
  const counts = new Map<string, number>();
  const names = [
    ...operation.parameters.map((parameter) => parameter.name),
    ...Object.keys(bodyProperties ?? {}),
  ];
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  const argumentName = (name: string, location: string) =>
    (counts.get(name) ?? 0) > 1 ? `${name}__${location}` : name;

  for (const parameter of operation.parameters) {
    const argument = argumentName(parameter.name, parameter.in);
    properties[argument] = parameter.schema;
    if (parameter.required) required.push(argument);
    const binding: ArgumentBinding = { argument, in: parameter.in, name: parameter.name };
    if (parameter.style !== undefined) binding.style = parameter.style;
    if (parameter.explode !== undefined) binding.explode = parameter.explode;
    bindings.push(binding);
  }

  const body = operation.body;
  if (body && bodyProperties) {
    const bodyRequired = Array.isArray(body.schema.required) ? body.schema.required : [];
    for (const [name, schema] of Object.entries(bodyProperties)) {
      const argument = argumentName(name, "body");
      properties[argument] = schema;
      if (body.required && bodyRequired.includes(name)) required.push(argument);
      bindings.push({ argument, in: "body_property", name });
    }
  } else if (body) {
    const argument = counts.has("body") ? "body__body" : "body";
    properties[argument] = body.description ? { ...body.schema, description: body.description } : body.schema;
    if (body.required) required.push(argument);
    bindings.push({ argument, in: "body", name: "body" });
  }

  const schema: OperationInput["schema"] = { type: "object", properties };
  if (required.length > 0) schema.required = required;
  return { schema, bindings };
}

/** The properties of an object schema that can be spread into arguments, else undefined. */
function objectProperties(schema: JsonSchema | undefined): Record<string, JsonSchema> | undefined {
  if (!schema || (schema.type !== undefined && schema.type !== "object")) return undefined;
  const properties = schema.properties;
  if (typeof properties !== "object" || properties === null || Object.keys(properties).length === 0)
    return undefined;
  return properties as Record<string, JsonSchema>;
}

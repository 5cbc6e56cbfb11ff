import { z } from "zod";

/** A tool's or prompt's input: a zod shape (`{ city: z.string() }`) or a whole `z.object(...)`. */
export type InputShape = z.ZodRawShape | z.ZodObject;

/** The handler argument type inferred from an `InputShape`. */
export type InferInput<I> = I extends z.ZodObject
  ? z.output<I>
  : I extends z.ZodRawShape
    ? z.output<z.ZodObject<I>>
    : Record<string, unknown>;

export type JsonSchema = Record<string, unknown>;

export function toObjectSchema(input: InputShape | undefined): z.ZodObject {
  if (input === undefined) return z.object({});
  return input instanceof z.ZodObject ? input : z.object(input);
}

/** JSON Schema (draft 2020-12) for what a client sends: defaults make a field optional. */
export function inputJsonSchema(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
}

/** JSON Schema for what a handler returns, as advertised in a tool's `outputSchema`. */
export function outputJsonSchema(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: "output", unrepresentable: "any" }) as JsonSchema;
}

/** One line per problem, naming the field: `city: Invalid input: expected string, received number`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.length > 0 ? issue.path.map(String).join(".") : "(input)";
      return `${where}: ${issue.message}`;
    })
    .join("; ");
}

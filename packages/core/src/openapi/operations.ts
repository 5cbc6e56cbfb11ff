import type { JsonSchema } from "../protocol/schema.js";
import { resolveRefs } from "./resolve-refs.js";

/** An OpenAPI 3.0 or 3.1 document, parsed from JSON or YAML. Only what the import reads is typed. */
export interface OpenAPIDocument {
  openapi?: string;
  info?: { title?: string; version?: string; description?: string };
  servers?: Array<{ url: string }>;
  paths?: Record<string, unknown>;
  components?: Record<string, unknown>;
  [key: string]: unknown;
}

export type HttpMethod = "GET" | "PUT" | "POST" | "DELETE" | "OPTIONS" | "HEAD" | "PATCH" | "TRACE";

const METHODS: HttpMethod[] = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"];

export interface OpenAPIParameter {
  name: string;
  in: "path" | "query" | "header";
  required: boolean;
  description?: string;
  schema: JsonSchema;
  style?: string;
  explode?: boolean;
}

export interface OpenAPIRequestBody {
  required: boolean;
  contentType: string;
  schema: JsonSchema;
  description?: string;
}

/** One path + method of the document, with every `$ref` already inlined. */
export interface OpenAPIOperation {
  method: HttpMethod;
  path: string;
  operationId?: string;
  summary?: string;
  description?: string;
  tags: string[];
  parameters: OpenAPIParameter[];
  body?: OpenAPIRequestBody;
  /** The media type of the first 2xx response, used as a resource's `mimeType`. */
  responseType?: string;
}

/** Every operation of the document, in document order. */
export function listOperations(document: OpenAPIDocument): OpenAPIOperation[] {
  if (typeof document !== "object" || document === null || typeof document.paths !== "object") {
    throw new TypeError("Not an OpenAPI document: it has no `paths` object");
  }
  const operations: OpenAPIOperation[] = [];
  for (const [path, rawItem] of Object.entries(document.paths ?? {})) {
    const item = asObject(resolveRefs(rawItem, document));
    const shared = asArray(item.parameters);
    for (const method of METHODS) {
      const raw = item[method.toLowerCase()];
      if (typeof raw !== "object" || raw === null) continue;
      operations.push(toOperation(method, path, asObject(raw), shared));
    }
  }
  return operations;
}

function toOperation(method: HttpMethod, path: string, raw: JsonSchema, shared: unknown[]): OpenAPIOperation {
  const operation: OpenAPIOperation = {
    method,
    path,
    tags: asArray(raw.tags).filter((tag): tag is string => typeof tag === "string"),
    parameters: mergeParameters(shared, asArray(raw.parameters)),
  };
  if (typeof raw.operationId === "string") operation.operationId = raw.operationId;
  if (typeof raw.summary === "string") operation.summary = raw.summary;
  if (typeof raw.description === "string") operation.description = raw.description;
  const body = toRequestBody(raw.requestBody);
  if (body) operation.body = body;
  const responseType = firstSuccessType(raw.responses);
  if (responseType) operation.responseType = responseType;
  return operation;
}

/** Operation-level parameters override path-level ones with the same name and location. */
function mergeParameters(shared: unknown[], own: unknown[]): OpenAPIParameter[] {
  const byKey = new Map<string, OpenAPIParameter>();
  for (const raw of [...shared, ...own]) {
    const parameter = toParameter(asObject(raw));
    if (parameter) byKey.set(`${parameter.in}:${parameter.name}`, parameter);
  }
  return [...byKey.values()];
}

function toParameter(raw: JsonSchema): OpenAPIParameter | undefined {
  const location = raw.in;
  if (
    typeof raw.name !== "string" ||
    (location !== "path" && location !== "query" && location !== "header")
  ) {
    return undefined; // cookies are left to the HTTP client
  }
  const schema = { ...asObject(raw.schema ?? firstMediaSchema(raw.content)) };
  if (typeof raw.description === "string" && schema.description === undefined)
    schema.description = raw.description;
  const parameter: OpenAPIParameter = {
    name: raw.name,
    in: location,
    required: location === "path" || raw.required === true,
    schema,
  };
  if (typeof raw.description === "string") parameter.description = raw.description;
  if (typeof raw.style === "string") parameter.style = raw.style;
  if (typeof raw.explode === "boolean") parameter.explode = raw.explode;
  return parameter;
}

function toRequestBody(raw: unknown): OpenAPIRequestBody | undefined {
  if (typeof raw !== "object" || raw === null) return undefined;
  const body = raw as JsonSchema;
  const content = asObject(body.content);
  const types = Object.keys(content);
  const contentType = types.find(isJsonType) ?? types[0];
  if (contentType === undefined) return undefined;
  const schema = asObject(asObject(content[contentType]).schema);
  const result: OpenAPIRequestBody = { required: body.required === true, contentType, schema };
  if (typeof body.description === "string") result.description = body.description;
  return result;
}

function firstSuccessType(responses: unknown): string | undefined {
  for (const [status, response] of Object.entries(asObject(responses))) {
    if (!/^2\d\d$|^2XX$/i.test(status)) continue;
    const types = Object.keys(asObject(asObject(response).content));
    return types.find(isJsonType) ?? types[0];
  }
  return undefined;
}

function firstMediaSchema(content: unknown): unknown {
  const first = Object.values(asObject(content))[0];
  return asObject(first).schema;
}

export function isJsonType(contentType: string): boolean {
  return /^application\/(?:[\w.+-]+\+)?json\b/i.test(contentType.trim());
}

function asObject(value: unknown): JsonSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as JsonSchema) : {};
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

import { ToolError } from "../errors.js";
import type { ArgumentBinding } from "./input-schema.js";
import { isJsonType, type OpenAPIOperation } from "./operations.js";

/**
 * The HTTP call an import makes: the `fetch` signature, so a caller can pass its own outbound
 * client (one that blocks private addresses, caps sizes, adds auth) instead of the global fetch.
 */
export type FetchLike = (url: string, init: HttpRequestInit) => Promise<Response>;

export interface HttpRequestInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

export interface HttpRequest {
  url: string;
  init: Omit<HttpRequestInit, "signal">;
}

/**
 * The request for one call: path parameters percent-encoded into the path (so `../admin` stays one
 * segment), query parameters in form style (arrays repeated, `deepObject` as `a[b]=c`), header
 * parameters, and the body as JSON. Fixed `headers` win over the model's header arguments.
 */
export function buildRequest(
  baseUrl: string,
  operation: OpenAPIOperation,
  bindings: ArgumentBinding[],
  args: Record<string, unknown>,
  fixedHeaders: Record<string, string> = {},
): HttpRequest {
  let path = operation.path;
  const query = new URLSearchParams();
  const headers: Record<string, string> = {};
  let body: unknown;
  const bodyObject: Record<string, unknown> = {};
  let hasBodyProperty = false;

  for (const binding of bindings) {
    const value = args[binding.argument];
    if (value === undefined) continue;
    switch (binding.in) {
      case "path":
        path = path.split(`{${binding.name}}`).join(pathSegment(binding.name, value));
        break;
      case "query":
        appendQuery(query, binding, value);
        break;
      case "header":
        headers[binding.name] = scalar(value);
        break;
      case "body":
        body = value;
        break;
      case "body_property":
        bodyObject[binding.name] = value;
        hasBodyProperty = true;
        break;
    }
  }
  const missing = /\{([^}]+)\}/.exec(path);
  if (missing) throw new ToolError(`Missing path parameter "${missing[1]}"`);
  if (hasBodyProperty) body = bodyObject;

  const url = new URL(joinPath(baseUrl, path));
  for (const [key, value] of query) url.searchParams.append(key, value);
  const init: HttpRequest["init"] = { method: operation.method, headers: { ...headers, ...fixedHeaders } };
  if (body !== undefined && operation.body) {
    const contentType = operation.body.contentType;
    init.headers["content-type"] = contentType;
    init.body = isJsonType(contentType) || typeof body !== "string" ? JSON.stringify(body) : body;
  }
  return { url: url.toString(), init };
}

/** `https://api.example.com/v1` + `/pets` -> `https://api.example.com/v1/pets`: the base path is kept. */
export function joinPath(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
}

/** One encoded segment; `.` and `..` are refused since URL parsing would resolve them, even encoded. */
function pathSegment(name: string, value: unknown): string {
  const text = scalar(value);
  if (text === "" || text === "." || text === "..")
    throw new ToolError(`Invalid path parameter "${name}": "${text}"`);
  return encodeURIComponent(text);
}

function appendQuery(query: URLSearchParams, binding: ArgumentBinding, value: unknown): void {
  const explode = binding.explode ?? (binding.style === undefined || binding.style === "form");
  if (Array.isArray(value)) {
    if (explode) for (const item of value) query.append(binding.name, scalar(item));
    else query.append(binding.name, value.map(scalar).join(binding.style === "pipeDelimited" ? "|" : ","));
    return;
  }
  if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      query.append(binding.style === "deepObject" ? `${binding.name}[${key}]` : key, scalar(item));
    }
    return;
  }
  query.append(binding.name, scalar(value));
}

function scalar(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(scalar).join(",");
  if (typeof value === "object" && value !== null) return JSON.stringify(value);
  return String(value);
}

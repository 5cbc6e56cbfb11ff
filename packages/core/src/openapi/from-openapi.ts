import type { Registry } from "../engine/registry.js";
import type { FastMCPOptions } from "../engine/server-options.js";
import { McpError, ToolError } from "../errors.js";
import type { ToolAnnotations } from "../protocol/types.js";
import type { Context } from "../server/context.js";
import type { RegisteredResource } from "../server/resources.js";
import type { RegisteredTool } from "../server/tools.js";
import { buildRequest, type FetchLike, type HttpRequest } from "./http-request.js";
import { responseToResourceValue, responseToToolResult } from "./http-response.js";
import { operationInput } from "./input-schema.js";
import { operationNames } from "./operation-names.js";
import { listOperations, type OpenAPIDocument, type OpenAPIOperation } from "./operations.js";
import { matches, type OperationMatcher, type RouteRule, routeFor } from "./route-map.js";

export interface OpenAPIOptions {
  /** Where the API is served, base path included. Defaults to the document's first absolute `servers` URL. */
  baseUrl?: string;
  /** Sent with every request (an API key, a User-Agent); they override header parameters. */
  headers?: Record<string, string>;
  /** The HTTP client; defaults to the global `fetch`. Pass your own to add auth, limits or SSRF checks. */
  fetch?: FetchLike;
  /** Only operations matching one of these are imported (default: all). */
  include?: OperationMatcher[];
  /** Operations matching one of these are skipped. */
  exclude?: OperationMatcher[];
  /** Overrides what operations become, first matching rule first; see `routeFor` for the default. */
  routeMap?: RouteRule[];
  /** Per request, body included. Defaults to 30 s. */
  timeoutMs?: number;
  /** Put before every tool and resource name, e.g. `"petstore_"`, to keep two APIs apart. */
  namePrefix?: string;
  /** Resource URIs are this plus the operation's path: `openapi://pets/{petId}` by default. */
  resourceUriPrefix?: string;
}

/** Options for `FastMCP.fromOpenAPI`: the server's own options (name defaults to the API title) and the import's. */
export type OpenAPIServerOptions = OpenAPIOptions & Omit<FastMCPOptions, "name"> & { name?: string };

/** What an import added to a server. */
export interface OpenAPIImport {
  tools: RegisteredTool[];
  resources: RegisteredResource[];
}

const DEFAULT_TIMEOUT_MS = 30_000;
const IMPORT_KEYS = [
  "baseUrl",
  "headers",
  "fetch",
  "include",
  "exclude",
  "routeMap",
  "timeoutMs",
  "namePrefix",
  "resourceUriPrefix",
];

/**
 * Adds an OpenAPI 3.0/3.1 document's operations to a server: tools whose input schema comes from
 * the parameters and JSON body, and (by default) GET operations as resources or resource templates.
 * `FastMCP.fromOpenAPI` does the same on a new server.
 *
 * @example
 * registerOpenAPI(mcp, petstore, { baseUrl: "https://petstore.example.com/v1", namePrefix: "pets_" });
 */
export function registerOpenAPI(
  mcp: Pick<Registry, "tool" | "resource">,
  document: OpenAPIDocument,
  options: OpenAPIOptions = {},
): OpenAPIImport {
  const baseUrl = options.baseUrl ?? serverUrl(document);
  const fetch = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const uriPrefix = options.resourceUriPrefix ?? "openapi://";
  const operations = listOperations(document).filter(
    (operation) =>
      (options.include === undefined || options.include.some((matcher) => matches(matcher, operation))) &&
      !options.exclude?.some((matcher) => matches(matcher, operation)),
  );
  const names = operationNames(operations, options.namePrefix);
  const imported: OpenAPIImport = { tools: [], resources: [] };

  operations.forEach((operation, index) => {
    const name = names[index] ?? operation.path;
    const route = routeFor(operation, options.routeMap);
    if (route === "exclude") return;
    const { schema, bindings } = operationInput(operation);
    const send = async (args: Record<string, unknown>, context: Context) => {
      const request = buildRequest(baseUrl, operation, bindings, args, options.headers);
      return { request, response: await call(fetch, request, operation, timeoutMs, context.signal) };
    };
    const description = describe(operation);

    if (route === "tool") {
      const tool = mcp.tool(
        { name, description, inputSchema: schema, annotations: annotationsFor(operation) },
        async (args: Record<string, unknown>, context) => {
          const { request, response } = await send(args, context);
          return withTimeout(() => responseToToolResult(response, request.url), operation, timeoutMs);
        },
      );
      imported.tools.push(tool);
      return;
    }
    const uri = `${uriPrefix}${operation.path.replace(/^\/+/, "")}`;
    const resourceOptions = operation.responseType
      ? { name, description, mimeType: operation.responseType }
      : { name, description };
    const resource = mcp.resource(uri, resourceOptions, async (params, context) => {
      const { response } = await send(params, context);
      const concrete = uri.replace(/\{([^}]+)\}/g, (_all, key: string) =>
        encodeURIComponent(params[key] ?? ""),
      );
      return withTimeout(() => responseToResourceValue(response, concrete), operation, timeoutMs);
    });
    imported.resources.push(resource);
  });
  return imported;
}

/** Splits `FastMCP.fromOpenAPI`'s options into the new server's and the import's. */
export function openAPIServerOptions(
  document: OpenAPIDocument,
  options: OpenAPIServerOptions,
): { server: FastMCPOptions; openapi: OpenAPIOptions } {
  const serverOptions: Record<string, unknown> = {};
  const importOptions: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    (IMPORT_KEYS.includes(key) ? importOptions : serverOptions)[key] = value;
  }
  const name = options.name ?? document.info?.title ?? "openapi";
  const version = options.version ?? document.info?.version;
  const server = { ...serverOptions, name, ...(version === undefined ? {} : { version }) } as FastMCPOptions;
  return { server, openapi: importOptions as OpenAPIOptions };
}

async function call(
  fetch: FetchLike,
  request: HttpRequest,
  operation: OpenAPIOperation,
  timeoutMs: number,
  cancelled: AbortSignal,
): Promise<Response> {
  const signal = AbortSignal.any([cancelled, AbortSignal.timeout(timeoutMs)]);
  try {
    return await fetch(request.url, { ...request.init, signal });
  } catch (error) {
    throw explain(error, operation, timeoutMs, cancelled);
  }
}

/** Reading the body is part of the request: a slow body times out the same way. */
async function withTimeout<T>(
  read: () => Promise<T>,
  operation: OpenAPIOperation,
  timeoutMs: number,
): Promise<T> {
  try {
    return await read();
  } catch (error) {
    throw explain(error, operation, timeoutMs);
  }
}

function explain(
  error: unknown,
  operation: OpenAPIOperation,
  timeoutMs: number,
  cancelled?: AbortSignal,
): unknown {
  if (cancelled?.aborted || error instanceof ToolError || error instanceof McpError) return error;
  const target = `${operation.method} ${operation.path}`;
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return new ToolError(`${target} timed out after ${timeoutMs} ms`, { cause: error });
  }
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
  const message = error instanceof Error ? error.message : String(error);
  return new ToolError(`${target} failed: ${message}${cause}`, { cause: error });
}

function describe(operation: OpenAPIOperation): string {
  const parts = [operation.summary, operation.description].filter((part): part is string =>
    Boolean(part?.trim()),
  );
  if (parts.length === 2 && parts[1]?.startsWith(parts[0] ?? "")) parts.shift();
  parts.push(`(HTTP ${operation.method} ${operation.path})`);
  return parts.join("\n\n");
}

function annotationsFor(operation: OpenAPIOperation): ToolAnnotations {
  const readOnly =
    operation.method === "GET" || operation.method === "HEAD" || operation.method === "OPTIONS";
  return {
    readOnlyHint: readOnly,
    destructiveHint: operation.method === "DELETE",
    idempotentHint: readOnly || operation.method === "PUT" || operation.method === "DELETE",
    openWorldHint: true,
  };
}

function serverUrl(document: OpenAPIDocument): string {
  const url = document.servers?.find((server) => /^https?:\/\//i.test(server.url))?.url;
  if (!url) throw new TypeError("OpenAPI import needs a baseUrl: the document has no absolute `servers` URL");
  return url;
}

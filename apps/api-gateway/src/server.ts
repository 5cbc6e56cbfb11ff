import { ConfigError, FastMCP, type LogSink, type ServerLogLevel, ToolError } from "@mcpkit/core";
import { z } from "zod";
import { registerUpstreamOpenAPI } from "./openapi-upstream.js";
import { createRedactor } from "./redactor.js";
import { ResponseCache } from "./response-cache.js";
import type { RenderedResponse } from "./response-content.js";
import { HTTP_METHODS, type Upstream } from "./upstream.js";
import { callUpstream } from "./upstream-call.js";
import { UpstreamClient } from "./upstream-client.js";
import { resolveEndpoint } from "./upstream-path.js";

export type { GatewayConfig } from "./config.js";
export type { Upstream } from "./upstream.js";

export interface ApiGatewayOptions {
  upstreams: Upstream[];
  logLevel?: ServerLogLevel;
  /** Where log lines go (stderr by default); every line is redacted before it gets there. */
  logSink?: LogSink;
}

const CACHE_TTL_MS = 5 * 60_000;
const DEFAULT_PAGE = 20_000;

const queryValue = z.union([z.string(), z.number(), z.boolean()]);
const queryParams = z
  .record(z.string(), z.union([queryValue, z.array(queryValue)]))
  .optional()
  .describe('Query parameters, e.g. {"q": "mcp", "per_page": 5}; arrays repeat the key');
const startIndex = z
  .number()
  .int()
  .min(0)
  .default(0)
  .describe("Character offset to read from, for long responses; the previous page says what to pass");
const maxLength = z
  .number()
  .int()
  .min(100)
  .max(100_000)
  .default(DEFAULT_PAGE)
  .describe("Most characters to return");

/**
 * The API gateway: `list_upstreams`, `fetch_data` (GET) and `call_api` (other allowed methods)
 * over the configured upstreams, plus each upstream's OpenAPI operations as tools and resources.
 * Everything outbound goes through one `UpstreamClient` per upstream.
 */
export function createApiGatewayServer(options: ApiGatewayOptions): FastMCP {
  // A server file served by `mcpkit run` is made with `{}`: say which flag is missing, not a TypeError.
  if (!Array.isArray(options.upstreams) || options.upstreams.length === 0)
    throw new ConfigError("api-gateway needs its upstreams: start it with --config <file> (see README.md)");
  const redact = createRedactor(
    options.upstreams.flatMap((upstream) => (upstream.auth ? [upstream.auth.value] : [])),
  );
  const sink = options.logSink ?? ((line: string) => process.stderr.write(line));
  const clients = new Map<string, UpstreamClient>();
  const mcp = new FastMCP({
    name: "api-gateway",
    version: "0.1.0",
    instructions:
      "Calls the HTTP APIs listed by list_upstreams, and only those. Name an upstream and a path under it; " +
      "long responses come in pages (start_index). Upstream errors come back with their HTTP status.",
    maskErrorDetails: true,
    logLevel: options.logLevel ?? "info",
    logSink: (line) => sink(redact.text(line)),
    lifespan: () => async () => {
      await Promise.all([...clients.values()].map((client) => client.close()));
    },
  });
  const log = (fields: Record<string, unknown>) =>
    mcp.logger.log(fields.error ? "warning" : "info", "upstream request", fields);
  for (const upstream of options.upstreams)
    clients.set(upstream.name, new UpstreamClient(upstream, redact, log));
  const cache = new ResponseCache<RenderedResponse>(CACHE_TTL_MS);
  const client = (name: string) => {
    const found = clients.get(name);
    if (!found) throw new TypeError(`Unknown upstream ${name}`); // the input enum makes this unreachable
    return found;
  };

  const generated = new Map<string, string[]>();
  for (const upstreamClient of clients.values()) {
    const imported = registerUpstreamOpenAPI(mcp, upstreamClient);
    generated.set(upstreamClient.upstream.name, [
      ...imported.tools.map((tool) => `tool ${tool.name}`),
      ...imported.resources.map((resource) => `resource ${resource.uri}`),
    ]);
  }

  mcp.tool(
    {
      name: "list_upstreams",
      description:
        "Lists the APIs this gateway can call: name, what it is for, base URL, allowed HTTP methods and generated tools.",
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    () => {
      const upstreams = options.upstreams.map((upstream) => ({
        name: upstream.name,
        description: upstream.description,
        baseUrl: upstream.baseUrl.href,
        allowedMethods: upstream.allowedMethods,
        operations: generated.get(upstream.name) ?? [],
      }));
      return {
        content: [{ type: "text", text: JSON.stringify({ upstreams }, null, 2) }],
        structuredContent: { upstreams },
      };
    },
  );

  const readable = options.upstreams
    .filter((upstream) => upstream.allowedMethods.includes("GET"))
    .map((upstream) => upstream.name);
  const [firstReadable, ...moreReadable] = readable;
  if (firstReadable !== undefined) {
    mcp.tool(
      {
        name: "fetch_data",
        description:
          "GET a path of one configured API (see list_upstreams). JSON comes back as structured data, HTML as readable text, " +
          "long bodies in pages: pass start_index to continue.",
        input: {
          upstream: z.enum([firstReadable, ...moreReadable]).describe("The API's name, from list_upstreams"),
          endpoint: z
            .string()
            .min(1)
            .max(2048)
            .describe("Path under the API's base URL, e.g. /users/octocat/repos"),
          params: queryParams,
          start_index: startIndex,
          max_length: maxLength,
        },
        annotations: { readOnlyHint: true, openWorldHint: true },
      },
      ({ upstream, endpoint, params, start_index, max_length }, ctx) => {
        const upstreamClient = client(upstream);
        const target = resolveEndpoint(upstreamClient.upstream.baseUrl.pathname, endpoint);
        appendQuery(target.query, params);
        return callUpstream(
          upstreamClient,
          cache,
          { method: "GET", target, page: { startIndex: start_index, maxLength: max_length } },
          ctx.signal,
        );
      },
    );
  }

  const writable = options.upstreams.filter((upstream) =>
    upstream.allowedMethods.some((method) => method !== "GET"),
  );
  const [firstWritable, ...moreWritable] = writable.map((upstream) => upstream.name);
  if (firstWritable !== undefined) {
    mcp.tool(
      {
        name: "call_api",
        description:
          "Send a request with any method the API allows (see list_upstreams: allowedMethods), e.g. POST with a JSON body. " +
          "Use fetch_data for plain reads.",
        input: {
          upstream: z.enum([firstWritable, ...moreWritable]).describe("The API's name, from list_upstreams"),
          method: z.enum(HTTP_METHODS).describe("HTTP method; must be in the upstream's allowedMethods"),
          path: z.string().min(1).max(2048).describe("Path under the API's base URL, e.g. /pets"),
          query: queryParams,
          body: z
            .unknown()
            .optional()
            .describe("Request body: a JSON value (sent as application/json) or a string sent as is"),
          start_index: startIndex,
          max_length: maxLength,
        },
        annotations: { readOnlyHint: false, destructiveHint: true, openWorldHint: true },
      },
      ({ upstream, method, path, query, body, start_index, max_length }, ctx) => {
        const upstreamClient = client(upstream);
        const target = resolveEndpoint(upstreamClient.upstream.baseUrl.pathname, path);
        appendQuery(target.query, query);
        const page = { startIndex: start_index, maxLength: max_length };
        if (body === undefined)
          return callUpstream(upstreamClient, cache, { method, target, page }, ctx.signal);
        if (method === "GET" || method === "HEAD")
          throw new ToolError(`A ${method} request cannot have a body`);
        const text = typeof body === "string" ? body : JSON.stringify(body);
        const contentType =
          typeof body !== "string" || isJson(body) ? "application/json" : "text/plain; charset=utf-8";
        return callUpstream(
          upstreamClient,
          cache,
          { method, target, page, body: text, contentType },
          ctx.signal,
        );
      },
    );
  }
  return mcp;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function appendQuery(query: URLSearchParams, params: Record<string, unknown> | undefined): void {
  for (const [key, value] of Object.entries(params ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) query.append(key, String(item));
  }
}

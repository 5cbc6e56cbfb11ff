import type { IncomingMessage, ServerResponse } from "node:http";
import type { FastMCP } from "../server/fast-mcp.js";
import type { HttpHandlerOptions } from "./http-options.js";

/**
 * The MCP endpoint as a request handler to mount in an existing app: `node` takes node:http or
 * Express `(req, res)`, `fetch` takes a web `Request` (Hono, Bun, Deno). Both share one set of
 * sessions. Mount it on the exact endpoint path (default `/mcp`), e.g. with `app.all`.
 *
 * @example
 * const endpoint = createHttpHandler(mcp, { allowedHosts: ["api.example.com"] });
 * app.all("/mcp", (req, res) => endpoint.node(req, res)); // Express
 * hono.all("/mcp", (c) => endpoint.fetch(c.req.raw)); // Hono
 */
export interface HttpHandler {
  node(request: IncomingMessage, response: ServerResponse): Promise<void>;
  fetch(request: Request): Promise<Response>;
  /** Stops taking MCP requests, waits up to `timeoutMs` for calls in flight, then closes every session. */
  close(timeoutMs?: number): Promise<void>;
}

/** Serves the MCP endpoint of `server` over Streamable HTTP, or legacy SSE with `transport: "sse"`. */
export function createHttpHandler(
  server: FastMCP,
  options: HttpHandlerOptions & { transport?: "http" | "sse" } = {},
): HttpHandler {
  // Loaded on first use, so that importing @mcpkit/core for stdio never pulls in the HTTP code.
  let handler: Promise<HttpHandler> | undefined;
  const load = () => {
    handler ??= Promise.all([import("./http-handler.js"), server.start()]).then(
      ([{ McpHttpHandler }]) => new McpHttpHandler(server, options),
    );
    return handler;
  };
  return {
    node: async (request, response) => (await load()).node(request, response),
    fetch: async (request) => (await load()).fetch(request),
    close: async (timeoutMs) => (await load()).close(timeoutMs),
  };
}

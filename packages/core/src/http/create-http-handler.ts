import { ENGINE, type Servable } from "../engine/servable.js";
import type { HttpHandler, HttpHandlerOptions } from "./http-options.js";

/** Serves the MCP endpoint of `server` over Streamable HTTP, or legacy SSE with `transport: "sse"`. */
export function createHttpHandler(
  server: Servable,
  options: HttpHandlerOptions & { transport?: "http" | "sse" } = {},
): HttpHandler {
  // Loaded on first use, so that importing @mcpkit/core for stdio never pulls in the HTTP code.
  let handler: Promise<HttpHandler> | undefined;
  const load = () => {
    const engine = server[ENGINE];
    handler ??= Promise.all([import("./http-handler.js"), engine.start()]).then(
      ([{ McpHttpHandler }]) => new McpHttpHandler(engine, options),
    );
    return handler;
  };
  return {
    node: async (request, response) => (await load()).node(request, response),
    fetch: async (request) => (await load()).fetch(request),
    close: async (timeoutMs) => (await load()).close(timeoutMs),
  };
}

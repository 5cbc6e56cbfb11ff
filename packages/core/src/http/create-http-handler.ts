import { checkOptions } from "../config/check-options.js";
import { ENGINE, type Servable } from "../engine/servable.js";
import { HTTP_HANDLER_OPTION_KEYS, type HttpHandler, type HttpHandlerOptions } from "./http-options.js";

const HANDLER_KEYS = { ...HTTP_HANDLER_OPTION_KEYS, transport: true } as const;

/** Serves the MCP endpoint of `server` over Streamable HTTP, or legacy SSE with `transport: "sse"`. */
export function createHttpHandler(
  server: Servable,
  options: HttpHandlerOptions & { transport?: "http" | "sse" } = {},
): HttpHandler {
  checkOptions("HTTP handler", options, HANDLER_KEYS);
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

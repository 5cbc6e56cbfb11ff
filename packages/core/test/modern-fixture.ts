import { post } from "./http-fixture.js";

/** What a 2026-07-28 client puts in every request's `_meta`. */
export const ENVELOPE = {
  "io.modelcontextprotocol/protocolVersion": "2026-07-28",
  "io.modelcontextprotocol/clientCapabilities": {},
  "io.modelcontextprotocol/clientInfo": { name: "raw-2026", version: "9.9.9" },
};

/** A raw 2026 request: `params` with the envelope, `meta` overriding or adding envelope keys. */
export function modern(
  id: number | string,
  method: string,
  params: Record<string, unknown> = {},
  meta: Record<string, unknown> = {},
) {
  return { jsonrpc: "2.0", id, method, params: { ...params, _meta: { ...ENVELOPE, ...meta } } };
}

/**
 * POSTs a raw 2026 request with the headers a conforming client sends (`MCP-Protocol-Version`,
 * `Mcp-Method`, `Mcp-Name`); `headers` adds to or overrides them.
 */
export function postModern(
  url: string,
  message: ReturnType<typeof modern>,
  headers: Record<string, string> = {},
): Promise<Response> {
  const { name, uri } = message.params as { name?: unknown; uri?: unknown };
  const target = typeof name === "string" ? name : typeof uri === "string" ? uri : undefined;
  return post(url, message, {
    "MCP-Protocol-Version": "2026-07-28",
    "Mcp-Method": message.method,
    ...(target === undefined ? {} : { "Mcp-Name": target }),
    ...headers,
  });
}

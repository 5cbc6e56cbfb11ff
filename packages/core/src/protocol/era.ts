/**
 * The two protocol eras one endpoint serves. A 2025 client opens a session with `initialize`; a
 * 2026-07-28 client sends no `initialize` and puts its envelope in every request's `_meta`.
 */

/** The stateless revision. */
export const PROTOCOL_2026 = "2026-07-28";

/** The `_meta` keys of the 2026 request envelope and of results. */
export const META = {
  protocolVersion: "io.modelcontextprotocol/protocolVersion",
  clientInfo: "io.modelcontextprotocol/clientInfo",
  clientCapabilities: "io.modelcontextprotocol/clientCapabilities",
  logLevel: "io.modelcontextprotocol/logLevel",
  subscriptionId: "io.modelcontextprotocol/subscriptionId",
  serverInfo: "io.modelcontextprotocol/serverInfo",
} as const;

/**
 * The protocol version a request's envelope names, or undefined for a request without one (a
 * 2025-era request). The classifier on the hot path: two property lookups, no allocation.
 */
export function envelopeVersion(params: unknown): string | undefined {
  const meta = (params as { _meta?: Record<string, unknown> } | undefined)?._meta;
  const version = meta?.[META.protocolVersion];
  return typeof version === "string" ? version : undefined;
}

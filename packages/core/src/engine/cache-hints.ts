import type { CacheHint } from "../server/cache-hint.js";
import type { MethodHost } from "./method-host.js";
import type { RequestCall } from "./session.js";

/** The 2026-07-28 results that carry `ttlMs` and `cacheScope` (CacheableResult). */
const CACHEABLE = new Set([
  "server/discover",
  "tools/list",
  "prompts/list",
  "resources/list",
  "resources/templates/list",
  "resources/read",
]);

const NO_CACHING: CacheHint = { ttlMs: 0 };

/**
 * The cache fields for a 2026 result of `method`, or undefined for a method that has none: the
 * resource's own hint for a read, else the server's, scoped "private" when the request carried
 * a verified identity, since what it sees may then depend on who asked.
 */
export function cacheFields(
  server: MethodHost,
  method: string,
  params: Record<string, unknown>,
  call: RequestCall,
): { ttlMs: number; cacheScope: "public" | "private" } | undefined {
  if (!CACHEABLE.has(method)) return undefined;
  let hint = server.options.cache ?? NO_CACHING;
  if (method === "resources/read" && typeof params.uri === "string") {
    hint = server.registry.resourceFor(params.uri)?.resource.options.cache ?? hint;
  }
  const cacheScope = hint.scope ?? (call.extra?.authInfo ? "private" : "public");
  return { ttlMs: hint.ttlMs, cacheScope };
}

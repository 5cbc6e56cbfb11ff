/**
 * How long a 2026-07-28 client may keep a list, a read or `server/discover` before asking again
 * (the result's `ttlMs`), and whether shared caches may keep it too (`cacheScope`).
 *
 * @example
 * new FastMCP({ name: "docs", cache: { ttlMs: 60_000 } });
 * mcp.resource("docs://changelog", { cache: { ttlMs: 0 } }, readChangelog);
 */
export interface CacheHint {
  /** Milliseconds the result stays fresh; 0 means ask again every time. */
  ttlMs: number;
  /**
   * "public" lets shared intermediaries cache it across users. Defaults to "public", and to
   * "private" for a request that carried a verified identity (authentication is on).
   */
  scope?: "public" | "private";
}

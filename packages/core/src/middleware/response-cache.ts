import { MemoryStore } from "../store/memory-store.js";
import type { KeyValueStore } from "../store/store.js";
import type { Middleware } from "./middleware.js";

/** The methods whose results can be cached. */
export type CachedMethod =
  | "tools/list"
  | "resources/list"
  | "resources/templates/list"
  | "prompts/list"
  | "resources/read"
  | "prompts/get"
  | "tools/call";

export interface ResponseCacheOptions {
  /** How long a result is served from the cache. */
  ttlMs: number;
  /** Where results live; defaults to this process's memory (`MemoryStore`). */
  store?: KeyValueStore;
  /** Which methods are cached; defaults to the lists, `resources/read` and `prompts/get`. */
  methods?: readonly CachedMethod[];
  /** The tools whose calls are cached (with "tools/call" in `methods`, or alone); none by default. */
  tools?: readonly string[];
  /** Prefix of the store keys; defaults to "cache:". */
  keyPrefix?: string;
}

const DEFAULT_METHODS: readonly CachedMethod[] = [
  "tools/list",
  "resources/list",
  "resources/templates/list",
  "prompts/list",
  "resources/read",
  "prompts/get",
];

/**
 * Serves repeated requests from a cache for `ttlMs`, keyed by method and params (`_meta`, such as
 * a progress token, and list cursors are left out: lists are cached whole and paged after). Only
 * successful results are kept; a tool call is cached only for the tools named in `tools`, since
 * calls usually do something. The cache is shared by every client: do not cache what depends on
 * who asks.
 *
 * @example
 * mcp.use(responseCache({ ttlMs: 60_000, tools: ["get_forecast"] }));
 */
export function responseCache(options: ResponseCacheOptions): Middleware {
  const store = options.store ?? new MemoryStore();
  const prefix = options.keyPrefix ?? "cache:";
  const tools = new Set(options.tools ?? []);
  const methods = new Set<string>(options.methods ?? DEFAULT_METHODS);
  if (tools.size > 0) methods.add("tools/call");
  return {
    name: "responseCache",
    async onRequest(request, next) {
      const { method, params } = request;
      if (!methods.has(method)) return next(request);
      if (method === "tools/call" && !tools.has(params.name as string)) return next(request);
      const key = `${prefix}${method}:${stableJson(withoutPaging(params))}`;
      const hit = await store.get(key);
      if (hit !== undefined) return JSON.parse(hit) as Record<string, unknown>;
      const result = await next(request);
      if (result.isError !== true) await store.set(key, JSON.stringify(result), { ttlMs: options.ttlMs });
      return result;
    },
  };
}

function withoutPaging(params: Record<string, unknown>): Record<string, unknown> {
  const { _meta: _ignored, cursor: _cursor, ...rest } = params;
  return rest;
}

/** JSON with object keys sorted, so that the same params always make the same key. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${stableJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

import type { EventBus } from "../events/event-bus.js";
import type { Icon } from "../protocol/types.js";
import type { CacheHint } from "../server/cache-hint.js";
import type { RateLimitSpec } from "../server/rate-limit.js";
import type { StateOptions } from "../server/state-store.js";
import type { TagFilter } from "../server/visibility.js";
import type { KeyValueStore, SharedStore } from "../store/store.js";
import type { LogSink, ServerLogLevel } from "./request-log.js";

export type MaybePromise<T> = T | Promise<T>;

/** How a server presents itself and the rules it serves by; given to `new FastMCP(...)`. */
export interface FastMCPOptions<L = unknown> extends TagFilter {
  name: string;
  version?: string;
  title?: string;
  websiteUrl?: string;
  icons?: Icon[];
  /** Sent to clients in `initialize`: how and when to use this server. */
  instructions?: string;
  /** Hide unexpected errors' messages from clients (they still go to stderr). `ToolError`s always show. */
  maskErrorDetails?: boolean;
  /** The server's own stderr log; one JSON line per request at "info". Defaults to "info". */
  logLevel?: ServerLogLevel;
  /** Where log lines go instead of stderr (tests, custom shippers). */
  logSink?: LogSink;
  /**
   * Where `ctx.state` keeps its values; defaults to this process's memory (`MemoryStore`). A
   * `SharedStore` (one with `take`, such as `@mcpkit/redis`'s) also holds the token buckets of
   * `rateLimit` and of each tool's limit, so that replicas share them.
   */
  store?: KeyValueStore | SharedStore;
  /** Time to live and size caps of `ctx.state`. */
  state?: StateOptions;
  /** Tool calls allowed across the whole server, e.g. "100/hour". */
  rateLimit?: RateLimitSpec;
  /**
   * What a call under `rateLimit` or a tool's limit gets while the store cannot decide (a shared
   * store's Redis down or timing out). "closed", the default: it is refused, not run, with an error
   * saying the limiter is unavailable and to retry. "open": it runs unlimited. The store's error is
   * logged once per outage either way; limits apply again as soon as the store answers.
   *
   * @example
   * new FastMCP({ name: "search", store: replica.store, rateLimit: "100/minute", rateLimitFailure: "open" });
   */
  rateLimitFailure?: "closed" | "open";
  /**
   * Runs before the first request is served. What it returns reaches every handler as
   * `ctx.lifespan` (typed), and is disposed on shutdown through its `Symbol.asyncDispose` or
   * `Symbol.dispose`; a returned function is instead run on shutdown (and `ctx.lifespan` is undefined).
   *
   * @example
   * lifespan: async () => {
   *   const db = await openPool();
   *   return { db, [Symbol.asyncDispose]: () => db.end() };
   * },
   */
  lifespan?: () => MaybePromise<L>;
  /**
   * How long a tool call may run, in milliseconds, unless the tool sets its own `timeoutMs`; past
   * it the handler's signal aborts and the caller gets a tool error. No limit by default.
   */
  toolTimeoutMs?: number;
  /** Items per page of `tools/list`, `resources/list` and the other lists; defaults to 100. */
  pageSize?: number;
  /**
   * The secret sealing 2026 multi round-trip `requestState` (AES-256-GCM), at least 32 characters;
   * every replica needs the same one. A list rotates keys: the first seals, all open. Without it,
   * a random key of this process (a warning says so). Apps read `MCPKIT_REQUEST_STATE_KEY`.
   */
  requestStateKey?: string | readonly string[] | undefined;
  /** 2026-07-28 cache hints on `server/discover`, every list and `resources/read`; `ttlMs` 0 by default. */
  cache?: CacheHint;
  /**
   * Carries list changes and resource updates to every session and `subscriptions/listen`
   * stream, on every replica when it is shared (Redis); in memory by default.
   */
  eventBus?: EventBus;
  /** `subscriptions/listen` streams open at once (2026-07-28); one more is refused. Defaults to 1000. */
  maxListenStreams?: number;
}

/**
 * The options through which replicas of one server share state: the store (state, rate limits),
 * the event bus and the request-state key. An app's factory takes them beside its own options and
 * passes them on with `replicaOptionsOf`, so that its `main.ts` can hand it `@mcpkit/redis`'s.
 *
 * @example
 * export interface WeatherServerOptions extends ReplicaOptions { baseUrls?: BaseUrls }
 * const mcp = new FastMCP({ name: "weather", ...replicaOptionsOf(options) });
 */
export type ReplicaOptions = Pick<FastMCPOptions, "store" | "eventBus" | "requestStateKey">;

/**
 * The `ReplicaOptions` found in `options` (an app factory's options), without the rest and without
 * keys left undefined.
 *
 * @example
 * new FastMCP({ name: "sqlite", logLevel: options.logLevel, ...replicaOptionsOf(options) });
 */
export function replicaOptionsOf(options: ReplicaOptions): ReplicaOptions {
  const { store, eventBus, requestStateKey } = options;
  return {
    ...(store === undefined ? {} : { store }),
    ...(eventBus === undefined ? {} : { eventBus }),
    ...(requestStateKey === undefined ? {} : { requestStateKey }),
  };
}

/** Every key of `FastMCPOptions`, checked by `new FastMCP(...)` so that a misspelt option is an error. */
export const SERVER_OPTION_KEYS = {
  name: true,
  version: true,
  title: true,
  websiteUrl: true,
  icons: true,
  instructions: true,
  maskErrorDetails: true,
  logLevel: true,
  logSink: true,
  store: true,
  state: true,
  rateLimit: true,
  rateLimitFailure: true,
  lifespan: true,
  toolTimeoutMs: true,
  pageSize: true,
  includeTags: true,
  excludeTags: true,
  requestStateKey: true,
  cache: true,
  eventBus: true,
  maxListenStreams: true,
} as const satisfies Record<keyof FastMCPOptions, true>;

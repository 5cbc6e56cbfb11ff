import { RateLimitError } from "../errors.js";
import type { Context } from "../server/context.js";
import { describeWait, parseRateLimit, type RateLimitSpec } from "../server/rate-limit.js";
import { MemoryStore } from "../store/memory-store.js";
import type { BucketSpec, RateLimitStore } from "../store/store.js";
import type { Middleware } from "./middleware.js";

export interface RateLimitOptions {
  /** Calls across the whole server, e.g. "1000/hour". */
  server?: RateLimitSpec;
  /** Calls to each tool: one limit for every tool, or a tool's own limit (undefined: none). */
  perTool?: RateLimitSpec | ((tool: string) => RateLimitSpec | undefined);
  /**
   * Calls by each principal: the `clientId` the HTTP transport's authentication verified, else
   * the session (each stdio or unauthenticated HTTP session is its own principal).
   */
  perPrincipal?: RateLimitSpec;
  /** Where the buckets live; defaults to this process's memory (`MemoryStore`). */
  store?: RateLimitStore;
  /** Prefix of the store keys, so that servers sharing a store keep their own; defaults to "ratelimit:". */
  keyPrefix?: string;
  /** How the server-wide limit is named in refusals; defaults to "this server". */
  serverName?: string;
}

interface Limit {
  spec: RateLimitSpec;
  limit: number;
  periodMs: number;
}

/**
 * Rate limits on tool calls: server-wide, per tool and per principal, decided in one all-or-nothing
 * `take` on the store, so a call that one limit refuses spends nothing from the others. A refusal
 * is a `RateLimitError`: the caller gets an `isError` result saying which limit and when to retry.
 * A server's `rateLimit` options (server-wide and on each tool) run as this middleware, innermost.
 *
 * @example
 * mcp.use(rateLimit({ perPrincipal: "60/minute", store: sharedStore }));
 */
export function rateLimit(options: RateLimitOptions): Middleware {
  const store = options.store ?? new MemoryStore();
  const prefix = options.keyPrefix ?? "ratelimit:";
  const parsed = new Map<string, Limit>();
  const limitOf = (spec: RateLimitSpec): Limit => {
    let limit = parsed.get(spec);
    if (limit === undefined) {
      limit = { spec, ...parseRateLimit(spec) };
      parsed.set(spec, limit);
    }
    return limit;
  };
  // Checked now, so a malformed limit fails at start-up rather than on the first call.
  const server = options.server === undefined ? undefined : limitOf(options.server);
  const principal = options.perPrincipal === undefined ? undefined : limitOf(options.perPrincipal);
  const perTool = options.perTool;
  if (typeof perTool === "string") limitOf(perTool);
  const toolSpec = typeof perTool === "function" ? perTool : () => perTool;
  return {
    name: "rateLimit",
    async onCallTool(request, next) {
      const tool = request.params.name;
      const buckets: BucketSpec[] = [];
      const refusals: string[] = [];
      const add = (limit: Limit, key: string, what: string) => {
        buckets.push({ key: prefix + key, capacity: limit.limit, periodMs: limit.periodMs });
        refusals.push(`Rate limit exceeded for ${what} (${limit.spec})`);
      };
      const spec = toolSpec(tool);
      if (spec !== undefined) add(limitOf(spec), `tool:${tool}`, `tool ${tool}`);
      if (principal) {
        const id = principalOf(request.context);
        add(principal, `principal:${id}`, `client ${id}`);
      }
      if (server) add(server, "server", options.serverName ?? "this server");
      if (buckets.length === 0) return next(request);
      const decision = await store.take(buckets);
      if (!decision.allowed) {
        const wait = decision.retryAfterMs;
        throw new RateLimitError(`${refusals[decision.refusedBy]}. Retry in ${describeWait(wait)}.`, wait);
      }
      return next(request);
    },
  };
}

function principalOf(context: Context): string {
  return context.auth?.clientId ?? context.sessionId ?? "anonymous";
}

import { ServerLogger } from "../engine/request-log.js";
import { RateLimitError, RateLimitUnavailableError } from "../errors.js";
import type { Context } from "../server/context.js";
import { describeWait, parseRateLimit, type RateLimitSpec } from "../server/rate-limit.js";
import { MemoryStore } from "../store/memory-store.js";
import type { BucketSpec, RateLimitStore, TakeResult } from "../store/store.js";
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
  /**
   * What a call gets when the store cannot decide (Redis down, a command timed out): "closed"
   * (the default) refuses it with a `RateLimitUnavailableError` saying it was not run and may be
   * retried; "open" runs it unlimited. Either way the store's error goes to the server log, once
   * per outage, and the limits apply again from the store's first answer.
   */
  storeFailure?: "closed" | "open";
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
 * A store that cannot answer (Redis down) refuses the call by default (`storeFailure`).
 *
 * @example
 * mcp.use(rateLimit({ perPrincipal: "60/minute", store: sharedStore }));
 */
export function rateLimit(
  options: RateLimitOptions,
  /** A server passes its own; standalone, lines go to stderr under the name "rateLimit". */
  logger: ServerLogger = new ServerLogger("rateLimit"),
): Middleware {
  const store = options.store ?? new MemoryStore();
  const outage = storeOutage(checkStoreFailure("storeFailure", options.storeFailure), logger);
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
      let decision: TakeResult;
      try {
        decision = await store.take(buckets);
      } catch (error) {
        if (outage.failed(error) === "open") return next(request);
        throw new RateLimitUnavailableError({ cause: error });
      }
      outage.answered();
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

/** The failure mode given as `name`, "closed" when none; throws a `TypeError` for anything else. */
export function checkStoreFailure(name: string, mode: string | undefined): "closed" | "open" {
  if (mode === undefined || mode === "closed" || mode === "open") return mode ?? "closed";
  throw new TypeError(`${name} must be "closed" or "open", not ${JSON.stringify(mode)}`);
}

/**
 * Whether the store is failing, so that an outage is logged when it starts and when it ends
 * rather than once per call: at hundreds of calls a second a line each would bury the log.
 */
function storeOutage(mode: "closed" | "open", logger: ServerLogger) {
  let down = false;
  return {
    failed(error: unknown): "closed" | "open" {
      if (!down) {
        down = true;
        const message =
          mode === "open"
            ? "rate limiter store unavailable: running calls without rate limits until it answers"
            : "rate limiter store unavailable: refusing rate-limited calls until it answers";
        logger.log("warning", message, { error: redactCredentials(describe(error)) });
      }
      return mode;
    },
    answered(): void {
      if (!down) return;
      down = false;
      logger.log("info", "rate limiter store answers again: rate limits apply");
    },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** A store's error may quote its URL; `scheme://user:password@` loses everything before the `@`. */
function redactCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/\s@]*@/gi, "$1***@");
}

import type { ResponseHeaders } from "./front-end.js";
import type { HttpExchange } from "./http-exchange.js";
import type { HttpHandlerOptions } from "./http-options.js";
import { fail } from "./http-replies.js";

/** Sessions (and legacy SSE streams) one endpoint keeps open unless `maxSessions` says otherwise. */
export const DEFAULT_MAX_SESSIONS = 1000;

/** The cap of an endpoint's open sessions, checked when it is given. */
export function maxSessionsOf(options: HttpHandlerOptions): number {
  const max = options.maxSessions ?? DEFAULT_MAX_SESSIONS;
  if (!Number.isInteger(max) || max < 1)
    throw new TypeError(`maxSessions must be a positive integer, not ${max}`);
  return max;
}

/**
 * Refuses a session past the cap, so that a client opening sessions in a loop cannot exhaust
 * memory: 503 with `Retry-After` (sessions close when their clients end them or go idle) and a
 * JSON-RPC error naming the limit. Sessions already open keep being served.
 */
export function refuseSession(exchange: HttpExchange, cors: ResponseHeaders, max: number): void {
  fail(
    exchange,
    503,
    `Service unavailable: this server already has ${max} open sessions, its limit (maxSessions); retry later`,
    { ...cors, "Retry-After": "30" },
  );
}

import type { Icon } from "../protocol/types.js";
import type { RateLimitSpec } from "../server/rate-limit.js";
import type { LogSink, ServerLogLevel } from "./request-log.js";

export type MaybePromise<T> = T | Promise<T>;

/** How a server presents itself and the rules it serves by; given to `new FastMCP(...)`. */
export interface FastMCPOptions {
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
  /** Tool calls allowed across the whole server, e.g. "100/hour". */
  rateLimit?: RateLimitSpec;
  /** Runs before the first request is served; the function it returns runs on shutdown. */
  lifespan?: () => MaybePromise<(() => MaybePromise<void>) | undefined | void>;
}

import type { Context } from "../server/context.js";
import type { RateLimiter } from "../server/rate-limit.js";
import type { Registry } from "./registry.js";
import type { ServerLogger } from "./request-log.js";
import type { FastMCPOptions } from "./server-options.js";
import type { RequestCall } from "./session.js";

/** What the protocol methods use of the engine; an interface so the method table sits below it. */
export interface MethodHost {
  readonly name: string;
  readonly options: FastMCPOptions;
  readonly logger: ServerLogger;
  readonly registry: Registry;
  readonly rateLimiter: RateLimiter | undefined;
  createContext(call: RequestCall): Context;
  subscriptionChanged(uri: string, subscribed: boolean): void;
}

import type { Context } from "../server/context.js";
import type { Visibility } from "../server/visibility.js";
import type { Registry } from "./registry.js";
import type { ServerLogger } from "./request-log.js";
import type { RequestStateSealer } from "./request-state.js";
import type { FastMCPOptions } from "./server-options.js";
import type { RequestCall } from "./session.js";

/** What the protocol methods use of the engine; an interface so the method table sits below it. */
export interface MethodHost {
  readonly name: string;
  readonly options: FastMCPOptions;
  readonly logger: ServerLogger;
  readonly registry: Registry;
  readonly visibility: Visibility;
  /** Items per page of every list. */
  readonly pageSize: number;
  createContext(call: RequestCall): Context;
  subscriptionChanged(uri: string, subscribed: boolean): void;
  /** Seals and opens multi round-trip request state; made on first use. */
  requestState(): RequestStateSealer;
}

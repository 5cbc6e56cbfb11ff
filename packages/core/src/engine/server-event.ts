import type { LoggingLevel } from "../protocol/types.js";
import type { Session } from "./session.js";

/** A server-wide notification, as seen by `observe` (used by `mount` and proxies to stay live). */
export type ServerEvent =
  | { kind: "listChanged"; method: string }
  | { kind: "resourceUpdated"; uri: string }
  | { kind: "log"; level: LoggingLevel; message: string; data?: unknown }
  | { kind: "rootsChanged"; session: Session }
  | { kind: "subscription"; uri: string; subscribed: boolean };

import type { RequestId } from "../protocol/messages.js";
import type { ClientCapabilities, Implementation, LoggingLevel, Root } from "../protocol/types.js";

/** How a server-to-client request is bounded and which incoming request it belongs to. */
export interface OutgoingRequestOptions {
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  /** Keeps the request (and its cancellation) on that request's HTTP stream. */
  relatedRequestId?: RequestId | undefined;
}

/**
 * The connected client as a handler's `Context` sees it: who it is, and the messages the server
 * may send it. The engine's sessions implement it; the interface lives here so that the
 * components layer does not import the engine above it.
 */
export interface ClientConnection {
  /** The HTTP session id; undefined on stdio, in memory and in stateless mode. */
  readonly id: string | undefined;
  readonly clientInfo: Implementation | undefined;
  readonly clientCapabilities: ClientCapabilities;
  readonly protocolVersion: string;
  /** True on sessionless HTTP: there is no channel for requests from the server to the client. */
  readonly stateless: boolean;
  /** True once the client has gone (the transport closed or the session ended). */
  readonly closed: boolean;
  notify(method: string, params?: Record<string, unknown>, relatedRequestId?: RequestId): Promise<void>;
  log(
    level: LoggingLevel,
    data: unknown,
    logger: string | undefined,
    relatedRequestId?: RequestId,
  ): Promise<void>;
  request(
    method: string,
    params: Record<string, unknown>,
    options?: OutgoingRequestOptions,
  ): Promise<Record<string, unknown>>;
  roots(options?: OutgoingRequestOptions): Promise<Root[]>;
}

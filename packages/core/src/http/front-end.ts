import type { MessageExtra } from "../protocol/transport.js";
import type { HttpExchange } from "./http-exchange.js";

export type ResponseHeaders = Record<string, string>;

/** A request that passed the endpoint's common checks (Host/Origin, CORS, auth), for a front end. */
export interface EndpointRequest {
  readonly exchange: HttpExchange;
  /** CORS headers every answer carries. */
  readonly cors: ResponseHeaders;
  /** The verified identity and the request's headers, passed to handlers. */
  readonly extra: MessageExtra;
}

/**
 * One wire protocol served on the MCP endpoint: Streamable HTTP (2025-11-25 and earlier) or the
 * legacy HTTP+SSE transport. The endpoint does what they share; each front end owns its paths,
 * its sessions and its streams. A third (the stateless 2026-07-28 revision) goes beside them.
 */
export interface FrontEnd {
  /** Whether `path` is one of this front end's (the endpoint answers 404 for the rest). */
  serves(path: string): boolean;
  handle(request: EndpointRequest): Promise<void>;
  /** Whether some call is still being answered, so shutdown can wait for it. */
  busy(): boolean;
  /** Closes every session and stream. */
  close(): Promise<void>;
}

import type { MessageExtra } from "../protocol/transport.js";
import type { HttpExchange } from "./http-exchange.js";

export type ResponseHeaders = Record<string, string>;

/**
 * One wire protocol served on the MCP endpoint: Streamable HTTP (2025-11-25 and earlier) or the
 * legacy HTTP+SSE transport. The endpoint does what they share; each front end owns its paths,
 * its sessions and its streams. A third (the stateless 2026-07-28 revision) goes beside them.
 */
export interface FrontEnd {
  /** Whether `path` is one of this front end's (the endpoint answers 404 for the rest). */
  serves(path: string): boolean;
  /**
   * Serves a request that passed the endpoint's common checks (Host/Origin, auth). `cors` goes
   * on every answer; `extra` (the verified identity, the headers) goes to the handlers. Three
   * arguments rather than one object: the endpoint allocates nothing per request for it.
   */
  handle(exchange: HttpExchange, cors: ResponseHeaders, extra: MessageExtra): Promise<void>;
  /** Whether some call is still being answered, so shutdown can wait for it. */
  busy(): boolean;
  /** Closes every session and stream. */
  close(): Promise<void>;
}

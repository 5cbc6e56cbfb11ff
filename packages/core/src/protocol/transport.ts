import type { JsonRpcMessage, RequestId } from "./messages.js";

/** What a transport knows about the HTTP request (or other envelope) a message arrived in. */
export interface MessageExtra {
  /** The identity a transport's authentication verified, if any. */
  authInfo?: AuthInfo | undefined;
  /** Headers of the HTTP request that carried the message, when there was one. */
  requestInfo?: { headers: Record<string, string | string[] | undefined> } | undefined;
}

/** A verified caller identity, as produced by a bearer-token verifier. */
export interface AuthInfo {
  token: string;
  /** The OAuth client the token was issued to (for a static token, the name it maps to). */
  clientId: string;
  scopes: string[];
  /** Seconds since the epoch. */
  expiresAt?: number | undefined;
  extra?: Record<string, unknown> | undefined;
  /** Who the token speaks for (the `sub` claim); unset for a static token. */
  subject?: string | undefined;
  /** The authorization server that issued the token (the `iss` claim). */
  issuer?: string | undefined;
  /** The token's verified claims (a JWT's payload, an introspection answer); never logged. */
  claims?: Record<string, unknown> | undefined;
}

export interface SendOptions {
  /** The incoming request this message belongs to, so HTTP can route it to that request's stream. */
  relatedRequestId?: RequestId | undefined;
  /** Extra HTTP headers for this message's request (2026 `Mcp-Param-*`); other transports ignore them. */
  headers?: Record<string, string> | undefined;
}

/**
 * A bidirectional message channel. Shaped like the MCP SDK's `Transport`, so the SDK's transports
 * plug in unchanged, while in-memory and stdio use lighter implementations of our own.
 */
export interface Transport {
  start(): Promise<void>;
  send(message: JsonRpcMessage, options?: SendOptions): Promise<void>;
  close(): Promise<void>;
  onmessage?: ((message: JsonRpcMessage, extra?: MessageExtra) => void) | undefined;
  onclose?: (() => void) | undefined;
  onerror?: ((error: Error) => void) | undefined;
  sessionId?: string | undefined;
  setProtocolVersion?: ((version: string) => void) | undefined;
}

import type { IncomingMessage, ServerResponse } from "node:http";
import type { AuthInfo } from "../protocol/transport.js";

/** A handler for a custom HTTP route served beside the MCP endpoint, in web-standard form. */
export type HttpRoute = (request: Request) => Response | Promise<Response>;

/**
 * Checks a bearer token; returns the caller's identity, or undefined to refuse it. It may throw
 * `InvalidTokenError` to say why (sent as `error_description`) or `AuthUnavailableError` when the
 * authorization server cannot be reached (503). See `jwtVerifier`, `introspectionVerifier`.
 */
export type TokenVerifier = (token: string) => AuthInfo | undefined | Promise<AuthInfo | undefined>;

/**
 * Bearer-token authentication for the MCP endpoint: the MCP server as an OAuth 2.1 resource
 * server. With `authorizationServers`, it serves its protected resource metadata (RFC 9728) at
 * `/.well-known/oauth-protected-resource` (root and endpoint-path forms) and points to it from
 * every 401 and 403 challenge.
 *
 * @example
 * auth: {
 *   verify: jwtVerifier({ issuer: "https://auth.example.com", audience: "https://mcp.example.com/mcp" }),
 *   resource: "https://mcp.example.com/mcp",
 *   authorizationServers: ["https://auth.example.com"],
 *   scopesSupported: ["tools:read"],
 * }
 */
export interface BearerAuthOptions {
  verify: TokenVerifier;
  /** Sent in `WWW-Authenticate`; defaults to "mcp". */
  realm?: string;
  /**
   * OAuth protected-resource metadata URL, advertised in `WWW-Authenticate` (RFC 9728). Defaults,
   * when `authorizationServers` is set, to the metadata this endpoint serves itself.
   */
  resourceMetadataUrl?: string;
  /**
   * This server's canonical URL (RFC 8707), the `resource` of its metadata and the audience its
   * tokens are issued for, e.g. `https://mcp.example.com/mcp`. Defaults to the request's Host and
   * the endpoint path over the request's scheme: set it behind a TLS-terminating proxy.
   */
  resource?: string;
  /** Issuer URLs of the authorization servers clients get tokens from; turns on the metadata. */
  authorizationServers?: string[];
  /** Advertised as `scopes_supported`: what a client asks for first. */
  scopesSupported?: string[];
  /** Scopes every request needs; a token without them gets 403 `insufficient_scope`. */
  requiredScopes?: string[];
  /** A human-readable name for the metadata's `resource_name`. */
  resourceName?: string;
}

/** Cross-origin access for browser clients; off unless set. */
export interface CorsOptions {
  /** Allowed origins, or "*" for any. */
  origin: "*" | string[];
  /** Seconds a browser may cache a preflight answer; defaults to 600. */
  maxAge?: number;
}

/** How the MCP endpoint behaves, whether served by `run()` or mounted into an existing app. */
export interface HttpHandlerOptions {
  /** The MCP endpoint path; defaults to `/mcp` (Streamable HTTP) or `/sse` (legacy SSE). */
  path?: string;
  /** Where legacy SSE clients post their messages; defaults to `/messages`. */
  messagesPath?: string;
  /** No sessions: every POST is served by a fresh session (horizontal scaling). */
  stateless?: boolean;
  /**
   * Answer POSTs with plain JSON instead of an SSE stream. A call whose handler sends
   * notifications (progress, logs) before answering is still streamed when the client accepts
   * SSE, so that they arrive before the answer instead of racing it on the GET stream.
   */
  json?: boolean;
  /**
   * Host and Origin validation against DNS rebinding is on by default. These are the host names
   * accepted in the `Host` header (port ignored). Default: the loopback names when serving on
   * loopback (and for `createHttpHandler`); when bound to another interface, any Host unless listed.
   * An `Origin`, when sent, must be loopback, one of these hosts, or listed in `allowedOrigins` or `cors`.
   */
  allowedHosts?: string[];
  /** Origins accepted in the `Origin` header besides the loopback ones and the CORS origins. */
  allowedOrigins?: string[];
  /** Turns Host and Origin validation off (only behind a proxy that does it). */
  dnsRebindingProtection?: boolean;
  cors?: CorsOptions;
  auth?: BearerAuthOptions;
  /** Largest request body accepted, in bytes; defaults to 4 MiB. Larger ones get 413. */
  maxBodyBytes?: number;
  /**
   * Sessions open at once (Streamable HTTP sessions, or legacy SSE streams); past it a new one is
   * refused with 503 and a JSON-RPC error, and the open ones are still served. Defaults to 1000.
   */
  maxSessions?: number;
  /** A session with no request and no open stream for this long is closed; defaults to 30 minutes. */
  sessionIdleTimeoutMs?: number;
  /**
   * Close a POST's SSE stream once it has been open this long without its answer, and let the
   * client resume it with GET and `Last-Event-ID` (SEP-1699 polling, protocol 2025-11-25): for
   * proxies that cut long responses. Off by default; stateful sessions only.
   */
  closeStreamsAfterMs?: number;
  /** An SSE comment is sent on quiet streams this often so proxies keep them open; defaults to 15 s. */
  keepAliveMs?: number;
  /** The health-check path (GET; no auth or Host check, it reveals nothing); defaults to `/health`. `false` turns it off. */
  healthPath?: string | false;
  /**
   * Asked on every health check: a replica whose shared state is unreachable answers 503
   * `{"status":"unavailable"}`, so a load balancer takes it out of the rotation. Its detail goes to
   * the server's log, never to the caller. Without it, the check answers 200 while the process serves.
   *
   * @example
   * health: shared.health, // @mcpkit/redis: a PING with the command timeout
   */
  health?: () => Promise<{ ok: boolean; error?: string }>;
  /** Custom routes beside the MCP endpoint, keyed by path (any method) or "METHOD /path". */
  routes?: Record<string, HttpRoute>;
}

/** Every key of `HttpHandlerOptions`, checked so that a misspelt option is an error. */
export const HTTP_HANDLER_OPTION_KEYS = {
  path: true,
  messagesPath: true,
  stateless: true,
  json: true,
  allowedHosts: true,
  allowedOrigins: true,
  dnsRebindingProtection: true,
  cors: true,
  auth: true,
  maxBodyBytes: true,
  maxSessions: true,
  sessionIdleTimeoutMs: true,
  closeStreamsAfterMs: true,
  keepAliveMs: true,
  healthPath: true,
  health: true,
  routes: true,
} as const satisfies Record<keyof HttpHandlerOptions, true>;

/** Options for serving over HTTP (Streamable HTTP or legacy SSE) with `run()`. */
export interface HttpOptions extends HttpHandlerOptions {
  /** Interface to bind; defaults to `HOST` from the environment, else 127.0.0.1. */
  host?: string;
  /** Port; defaults to `PORT` from the environment, else 3000. 0 picks a free one. */
  port?: number;
  /** How long shutdown waits for in-flight calls before closing sessions; defaults to 5 s. */
  shutdownTimeoutMs?: number;
  /** Shut down on SIGINT and SIGTERM; defaults to true. */
  handleSignals?: boolean;
}

/** Every key of `HttpOptions`. */
export const HTTP_OPTION_KEYS = {
  ...HTTP_HANDLER_OPTION_KEYS,
  host: true,
  port: true,
  shutdownTimeoutMs: true,
  handleSignals: true,
} as const satisfies Record<keyof HttpOptions, true>;

/**
 * The MCP endpoint as a request handler to mount in an existing app: `node` takes node:http or
 * Express `(req, res)`, `fetch` takes a web `Request` (Hono, Bun, Deno). Both share one set of
 * sessions. Mount it on the exact endpoint path (default `/mcp`), e.g. with `app.all`.
 *
 * @example
 * const endpoint = createHttpHandler(mcp, { allowedHosts: ["api.example.com"] });
 * app.all("/mcp", (req, res) => endpoint.node(req, res)); // Express
 * hono.all("/mcp", (c) => endpoint.fetch(c.req.raw)); // Hono
 */
export interface HttpHandler {
  node(request: IncomingMessage, response: ServerResponse): Promise<void>;
  fetch(request: Request): Promise<Response>;
  /** Stops taking MCP requests, waits up to `timeoutMs` for calls in flight, then closes every session. */
  close(timeoutMs?: number): Promise<void>;
}

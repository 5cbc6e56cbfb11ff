import { scopeChallenge } from "../auth/scope-challenge.js";
import type { Registry } from "../engine/registry.js";
import type { JsonRpcMessage } from "../protocol/messages.js";
import type { AuthInfo } from "../protocol/transport.js";
import { type AuthOutcome, authenticate } from "./bearer-auth.js";
import type { ResponseHeaders } from "./front-end.js";
import { type HttpExchange, headerValue } from "./http-exchange.js";
import type { BearerAuthOptions, HttpHandlerOptions } from "./http-options.js";
import { fail } from "./http-replies.js";
import { bearerChallenge } from "./www-authenticate.js";

const WELL_KNOWN = "/.well-known/oauth-protected-resource";

/**
 * Whether the endpoint requires a bearer token: answers that vary by caller (cache hints, for
 * one) must then be private.
 */
export function authEnabled(options: HttpHandlerOptions): boolean {
  return options.auth !== undefined;
}

/**
 * The endpoint as an OAuth resource server: checks each request's token, serves the protected
 * resource metadata (RFC 9728) when authorization servers are configured, and refuses a POST
 * for components the token lacks scopes for with the 403 step-up challenge.
 */
export class AuthGate {
  private readonly metadataPaths: Set<string>;

  constructor(
    private readonly auth: BearerAuthOptions,
    private readonly endpointPath: string,
  ) {
    const suffixed = endpointPath === "/" ? WELL_KNOWN : `${WELL_KNOWN}${endpointPath}`;
    this.metadataPaths = auth.authorizationServers ? new Set([suffixed, WELL_KNOWN]) : new Set();
  }

  /** Whether `path` is one of the metadata URLs (served without a token, to anyone). */
  servesMetadata(path: string): boolean {
    return this.metadataPaths.has(path);
  }

  respondWithMetadata(exchange: HttpExchange, cors: ResponseHeaders): void {
    const document: Record<string, unknown> = {
      resource: this.resourceUrl(exchange),
      authorization_servers: this.auth.authorizationServers ?? [],
      bearer_methods_supported: ["header"],
    };
    if (this.auth.scopesSupported) document.scopes_supported = this.auth.scopesSupported;
    if (this.auth.resourceName !== undefined) document.resource_name = this.auth.resourceName;
    const headers = { ...cors, "Content-Type": "application/json", "Cache-Control": "max-age=300" };
    exchange.respond(200, headers, JSON.stringify(document));
  }

  authenticate(exchange: HttpExchange): Promise<AuthOutcome> {
    return authenticate(this.auth, exchange.headers, this.metadataUrl(exchange));
  }

  /**
   * Answers 403 with the step-up challenge, and returns true, when `messages` ask for components
   * the caller's scopes do not cover.
   */
  refuseScopes(
    exchange: HttpExchange,
    cors: ResponseHeaders,
    registry: Registry,
    messages: readonly JsonRpcMessage[],
    authInfo: AuthInfo | undefined,
  ): boolean {
    const needed = scopeChallenge(registry, messages, authInfo);
    if (!needed) return false;
    const scope = needed.join(" ");
    const message = `Insufficient scope: this request requires the scopes "${scope}"`;
    const challenge = bearerChallenge({
      realm: this.auth.realm ?? "mcp",
      error: "insufficient_scope",
      description: message,
      scope,
      resourceMetadataUrl: this.metadataUrl(exchange),
    });
    fail(exchange, 403, message, { ...cors, "WWW-Authenticate": challenge });
    return true;
  }

  private metadataUrl(exchange: HttpExchange): string | undefined {
    if (this.auth.resourceMetadataUrl !== undefined) return this.auth.resourceMetadataUrl;
    if (this.metadataPaths.size === 0) return undefined;
    const resource = new URL(this.resourceUrl(exchange));
    const path = resource.pathname === "/" ? "" : resource.pathname;
    return `${resource.origin}${WELL_KNOWN}${path}`;
  }

  private resourceUrl(exchange: HttpExchange): string {
    if (this.auth.resource !== undefined) return this.auth.resource;
    const host = headerValue(exchange.headers, "host") ?? exchange.url.host;
    return `${exchange.url.protocol}//${host}${this.endpointPath === "/" ? "" : this.endpointPath}`;
  }
}

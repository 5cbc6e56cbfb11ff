import { AuthUnavailableError, InvalidTokenError } from "../auth/auth-errors.js";
import { missingScopes } from "../auth/scopes.js";
import type { AuthInfo } from "../protocol/transport.js";
import { type HeaderMap, headerValue } from "./http-exchange.js";
import type { BearerAuthOptions } from "./http-options.js";
import { bearerChallenge } from "./www-authenticate.js";

export type AuthOutcome =
  | { ok: true; authInfo: AuthInfo | undefined }
  | {
      ok: false;
      status: number;
      headers: Record<string, string>;
      message: string;
      /** Why, for the server's own log: an error's name, never the token or its claims. */
      reason?: string;
    };

/** RFC 6750's `b64token`: what may follow `Bearer `; anything else is a malformed header. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/**
 * Checks the `Authorization: Bearer` header when authentication is configured: 401 with a
 * challenge for a missing, malformed, invalid or expired token, 403 `insufficient_scope` for a
 * token without the scopes every request needs, 503 when the authorization server cannot be
 * reached to check it.
 */
export async function authenticate(
  auth: BearerAuthOptions | undefined,
  headers: HeaderMap,
  resourceMetadataUrl?: string,
): Promise<AuthOutcome> {
  if (!auth) return { ok: true, authInfo: undefined };
  const challenge = { realm: auth.realm ?? "mcp", resourceMetadataUrl };
  const header = headerValue(headers, "authorization");
  if (header === undefined) return refuse(401, bearerChallenge(challenge), "Missing bearer token");
  const token = BEARER.exec(header)?.[1];
  if (!token) {
    const message = "Malformed Authorization header: expected 'Bearer <token>'";
    return refuse(
      401,
      bearerChallenge({ ...challenge, error: "invalid_request", description: message }),
      message,
    );
  }
  const invalid = (message: string, reason?: string) =>
    refuse(
      401,
      bearerChallenge({ ...challenge, error: "invalid_token", description: message }),
      message,
      reason,
    );
  let authInfo: AuthInfo | undefined;
  try {
    authInfo = await auth.verify(token);
  } catch (error) {
    if (error instanceof InvalidTokenError) return invalid(error.message, error.name);
    if (error instanceof AuthUnavailableError) {
      return refuse(503, { "Retry-After": "5" }, `Cannot check the token now: ${error.message}`, error.name);
    }
    return invalid("Invalid or expired token", error instanceof Error ? error.name : "unknown");
  }
  if (!authInfo) return invalid("Invalid or expired token");
  if (authInfo.expiresAt !== undefined && authInfo.expiresAt * 1000 < Date.now()) {
    return invalid("Token has expired");
  }
  const lacking = missingScopes(authInfo.scopes, auth.requiredScopes);
  if (lacking.length > 0) {
    const scope = (auth.requiredScopes ?? []).join(" ");
    const message = `Insufficient scope: this server requires the scopes "${scope}"`;
    const header = bearerChallenge({
      ...challenge,
      error: "insufficient_scope",
      scope,
      description: message,
    });
    return refuse(403, header, message);
  }
  return { ok: true, authInfo };
}

function refuse(
  status: number,
  challenge: string | Record<string, string>,
  message: string,
  reason?: string,
): AuthOutcome {
  const headers = typeof challenge === "string" ? { "WWW-Authenticate": challenge } : challenge;
  return reason === undefined
    ? { ok: false, status, headers, message }
    : { ok: false, status, headers, message, reason };
}

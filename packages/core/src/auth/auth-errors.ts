import { McpError } from "../errors.js";
import { ErrorCode } from "../protocol/messages.js";

/**
 * A token was presented and is not acceptable (bad signature, expired, wrong audience or issuer,
 * inactive). A verifier throws it to say why; HTTP answers 401 `invalid_token` with the message
 * as `error_description`, so the message must never quote the token or its claims.
 *
 * @example
 * if (!answer.active) throw new InvalidTokenError("The token is not active");
 */
export class InvalidTokenError extends Error {
  override name = "InvalidTokenError";
}

/**
 * The token could not be checked because the authorization server (its JWKS or introspection
 * endpoint) did not answer. Not the caller's fault: HTTP answers 503, not 401, so that clients
 * retry instead of starting a new authorization.
 *
 * @example
 * throw new AuthUnavailableError("The introspection endpoint did not answer", { cause });
 */
export class AuthUnavailableError extends Error {
  override name = "AuthUnavailableError";
}

/**
 * The JSON-RPC error for a call to a component the caller lacks scopes for, where no HTTP status
 * can carry the step-up challenge (an answer on an open stream, a mounted server). `data` names
 * the scopes, as the `WWW-Authenticate` challenge would.
 */
export function insufficientScope(what: string, required: readonly string[]): McpError {
  const scope = required.join(" ");
  return new McpError(
    ErrorCode.InvalidRequest,
    `Insufficient scope: ${what} requires the scopes "${scope}"`,
    {
      error: "insufficient_scope",
      scope,
    },
  );
}

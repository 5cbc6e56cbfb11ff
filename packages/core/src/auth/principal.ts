import type { AuthInfo } from "../protocol/transport.js";

/**
 * Who a verified caller is, as one string: the token's subject, else (a static token, a
 * client-credentials token without `sub`) its client id. Per-principal state and limits key on it.
 *
 * @example
 * const key = ctx.auth ? principalOf(ctx.auth) : "anonymous";
 */
export function principalOf(auth: AuthInfo): string {
  return auth.subject ?? auth.clientId;
}

/**
 * The owner a session is bound to: the principal, qualified by its issuer so that two
 * authorization servers' `sub` values never collide. Undefined when no one authenticated.
 */
export function sessionOwner(auth: AuthInfo | undefined): string | undefined {
  if (!auth) return undefined;
  return auth.issuer === undefined ? principalOf(auth) : `${auth.issuer} ${principalOf(auth)}`;
}

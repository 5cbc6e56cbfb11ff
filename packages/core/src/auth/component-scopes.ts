import type { AuthInfo } from "../protocol/transport.js";
import { insufficientScope } from "./auth-errors.js";
import { missingScopes } from "./scopes.js";

/**
 * Whether the caller may see and use a component that requires `required` scopes. A request
 * nobody authenticated (stdio, in-memory, HTTP without auth) may use everything: scopes are an
 * OAuth notion, and a transport without a token has none to compare.
 */
export function mayUse(auth: AuthInfo | undefined, required: readonly string[] | undefined): boolean {
  return auth === undefined || missingScopes(auth.scopes, required).length === 0;
}

/** Throws the `insufficient_scope` JSON-RPC error when the caller may not use the component. */
export function requireScopes(
  auth: AuthInfo | undefined,
  required: readonly string[] | undefined,
  what: string,
): void {
  if (!mayUse(auth, required)) throw insufficientScope(what, required ?? []);
}

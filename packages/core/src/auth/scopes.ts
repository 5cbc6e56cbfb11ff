/**
 * A token's scopes from a `scope` claim (RFC 9068, RFC 7662: one space-separated string) or an
 * `scp` claim (an array, as some providers send it). Anything else yields none.
 */
export function parseScopes(value: unknown): string[] {
  if (typeof value === "string") return value.split(" ").filter((scope) => scope.length > 0);
  if (Array.isArray(value)) return value.filter((scope): scope is string => typeof scope === "string");
  return [];
}

/** The scopes of `required` that `granted` lacks; empty when the caller may proceed. */
export function missingScopes(granted: readonly string[], required: readonly string[] | undefined): string[] {
  if (!required || required.length === 0) return [];
  return required.filter((scope) => !granted.includes(scope));
}

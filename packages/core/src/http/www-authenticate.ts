/** The parts of a `Bearer` challenge (RFC 6750 section 3, RFC 9728 section 5.1). */
export interface BearerChallenge {
  realm: string;
  error?: "invalid_request" | "invalid_token" | "insufficient_scope" | undefined;
  description?: string | undefined;
  /** Space-separated scopes the operation needs (step-up). */
  scope?: string | undefined;
  resourceMetadataUrl?: string | undefined;
}

/** The `WWW-Authenticate` value for a challenge; every value is a quoted string. */
export function bearerChallenge(challenge: BearerChallenge): string {
  const parts = [`realm="${quoted(challenge.realm)}"`];
  if (challenge.error) parts.push(`error="${challenge.error}"`);
  if (challenge.error && challenge.description)
    parts.push(`error_description="${quoted(challenge.description)}"`);
  if (challenge.scope) parts.push(`scope="${quoted(challenge.scope)}"`);
  if (challenge.resourceMetadataUrl)
    parts.push(`resource_metadata="${quoted(challenge.resourceMetadataUrl)}"`);
  return `Bearer ${parts.join(", ")}`;
}

/** A quoted-string may not hold `"` or `\` unescaped, nor control characters at all. */
function quoted(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
  return value.replace(/[\u0000-\u001f\u007f]/g, " ").replace(/["\\]/g, "\\$&");
}

const MASK = "[REDACTED]";

/** Replaces secrets in any text: as written, percent-encoded, and base64 (as in a Basic header). */
export type Redactor = (text: string) => string;

/**
 * A redactor for a set of secret values. Every string the gateway shows (tool results, error
 * messages, log lines) goes through one, so an upstream that echoes a request back, or an error
 * that quotes a URL, cannot leak the credential.
 */
export function createRedactor(secrets: Iterable<string>): Redactor {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < 4) continue; // too short to mask without shredding ordinary text; config refuses these
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(new URLSearchParams({ s: secret }).toString().slice(2));
    forms.add(Buffer.from(secret).toString("base64").replace(/=+$/, ""));
  }
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  if (ordered.length === 0) return (text) => text;
  return (text) => {
    let result = text;
    for (const form of ordered) result = result.split(form).join(MASK);
    return result;
  };
}

const MASK = "[REDACTED]";

/** Masks secrets in text, and spots them in bytes that cannot be masked (binary bodies). */
export interface Redactor {
  /** The text with every secret replaced by `[REDACTED]`: as written, percent-encoded, or base64. */
  text(text: string): string;
  /** True when the bytes contain a secret in any of those forms. */
  appearsIn(bytes: Uint8Array): boolean;
}

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
  const encoded = ordered.map((form) => Buffer.from(form));
  return {
    text: (text) => {
      let result = text;
      for (const form of ordered) result = result.split(form).join(MASK);
      return result;
    },
    appearsIn: (bytes) => {
      const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      return encoded.some((form) => buffer.includes(form));
    },
  };
}

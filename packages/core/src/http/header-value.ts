/** Visible ASCII, space and tab (RFC 9110 field values), with no space or tab at either end. */
const PLAIN = /^(?:[\x21-\x7E](?:[\x20-\x7E\t]*[\x21-\x7E])?)?$/;
const SENTINEL = /^=\?base64\?.*\?=$/s;

/**
 * A value for the 2026 `Mcp-Name` and `Mcp-Param-*` headers: as is when it is plain header-safe
 * ASCII, else the spec's `=?base64?...?=` form of its UTF-8 bytes (also for a plain value that
 * looks like that form, so that it cannot be misread).
 */
export function encodeHeaderValue(value: string): string {
  if (PLAIN.test(value) && !SENTINEL.test(value)) return value;
  return `=?base64?${Buffer.from(value, "utf8").toString("base64")}?=`;
}

/** Longest text cell sent back; longer ones are cut and marked. */
export const MAX_TEXT_CHARS = 2_000;
/** Largest part of a BLOB sent back, before base64. */
export const MAX_BLOB_BYTES = 1_024;

/** A BLOB as JSON: its (possibly cut) bytes in base64 and its full size. */
export interface BlobCell {
  base64: string;
  bytes: number;
  truncated?: true;
}

export type Cell = string | number | null | BlobCell;

/**
 * A SQLite value as JSON without silent loss: integers beyond Number.MAX_SAFE_INTEGER become
 * decimal strings, BLOBs become `{ base64, bytes }`, long text is cut with a visible marker.
 * The connection uses safe integers, so every INTEGER arrives as a bigint.
 */
export function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") {
    const safe = value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER);
    return safe ? Number(value) : value.toString();
  }
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  if (typeof value === "string") return capText(value);
  if (value instanceof Uint8Array) {
    const shown = value.subarray(0, MAX_BLOB_BYTES);
    const cell: BlobCell = { base64: Buffer.from(shown).toString("base64"), bytes: value.byteLength };
    if (shown.byteLength < value.byteLength) cell.truncated = true;
    return cell;
  }
  return String(value);
}

function capText(text: string): string {
  if (text.length <= MAX_TEXT_CHARS) return text;
  return `${text.slice(0, MAX_TEXT_CHARS)}… [truncated: ${text.length} characters in all]`;
}

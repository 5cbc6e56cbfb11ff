/**
 * The `big` tool's answer: `kib` KiB of printable ASCII, built once per size so that every server
 * is measured sending the bytes, not making them. Lines of 64 characters keep it like file text.
 */
const made = new Map<number, string>();

export function bigText(kib: number): string {
  let text = made.get(kib);
  if (text === undefined) {
    const line = `${"abcdefghijklmnopqrstuvwxyz0123456789".repeat(2).slice(0, 63)}\n`;
    text = line.repeat(kib * 16);
    made.set(kib, text);
  }
  return text;
}

import type { FileHandle } from "node:fs/promises";

const decoder = new TextDecoder("utf-8", { fatal: true });

/** UTF-8 text, or undefined for bytes that are binary (a NUL byte) or not valid UTF-8. */
export function decodeText(bytes: Uint8Array): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Whether byte `index` starts a character (is not a UTF-8 continuation byte). */
function startsCharacter(bytes: Uint8Array, index: number): boolean {
  const byte = bytes[index];
  return byte === undefined || (byte & 0xc0) !== 0x80;
}

/** Moves `index` forward to the next character boundary (at most 3 bytes). */
export function nextBoundary(bytes: Uint8Array, index: number): number {
  let at = index;
  while (at < bytes.length && at < index + 3 && !startsCharacter(bytes, at)) at++;
  return at;
}

/** Moves `index` back to the previous character boundary (at most 3 bytes). */
export function previousBoundary(bytes: Uint8Array, index: number): number {
  let at = index;
  while (at > 0 && at > index - 3 && !startsCharacter(bytes, at)) at--;
  return at;
}

const CHUNK = 64 * 1024;

/**
 * The first `count` lines of a file, read in chunks so a huge file costs only what is returned
 * (bounded by `maxBytes`). A line keeps its newline, so the text ends with one exactly when the
 * file has one there.
 */
export async function readHead(
  handle: FileHandle,
  count: number,
  maxBytes: number,
): Promise<{ bytes: Buffer; complete: boolean }> {
  const chunks: Buffer[] = [];
  let total = 0;
  let lines = 0;
  let position = 0;
  while (lines < count && total < maxBytes) {
    const buffer = Buffer.alloc(Math.min(CHUNK, maxBytes - total));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
    if (bytesRead === 0) return { bytes: Buffer.concat(chunks), complete: true };
    let end = bytesRead;
    for (let i = 0; i < bytesRead; i++) {
      if (buffer[i] === 0x0a && ++lines === count) {
        end = i + 1;
        break;
      }
    }
    chunks.push(buffer.subarray(0, end));
    total += end;
    position += bytesRead;
  }
  return { bytes: Buffer.concat(chunks), complete: lines >= count };
}

/**
 * The last `count` lines of a file, read backwards in chunks. A final newline ends the last line;
 * it does not start an empty one.
 */
export async function readTail(
  handle: FileHandle,
  size: number,
  count: number,
  maxBytes: number,
): Promise<{ bytes: Buffer; complete: boolean }> {
  const chunks: Buffer[] = [];
  let start = size;
  let lines = 0;
  // The newline that ends the file belongs to the last line, so it is not counted.
  let skipFinal = true;
  while (start > 0 && size - start < maxBytes) {
    const length = Math.min(CHUNK, start, maxBytes - (size - start));
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, start - length);
    for (let i = length - 1; i >= 0; i--) {
      if (buffer[i] !== 0x0a) {
        skipFinal = false;
        continue;
      }
      if (skipFinal) {
        skipFinal = false;
        continue;
      }
      if (++lines === count) {
        chunks.unshift(buffer.subarray(i + 1));
        return { bytes: Buffer.concat(chunks), complete: true };
      }
    }
    chunks.unshift(buffer);
    start -= length;
  }
  return { bytes: Buffer.concat(chunks), complete: start === 0 };
}

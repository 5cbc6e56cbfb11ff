import type { Readable } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import { ToolError } from "@mcpkit/core";

/**
 * Reads a response body into memory, decompressing gzip, deflate or brotli on the way, and aborts
 * the moment more than `maxBytes` arrive, counted after decompression: a 10 KB gzip bomb that
 * inflates to 10 GB stops at the cap instead of filling memory.
 */
export async function readCappedBody(
  body: Readable,
  contentEncoding: string | undefined,
  maxBytes: number,
): Promise<Buffer> {
  const decoder = createDecoder(contentEncoding);
  const source: Readable = decoder ? body.pipe(decoder) : body;
  if (decoder) body.once("error", (error) => decoder.destroy(error));
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of source) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      total += buffer.byteLength;
      if (total > maxBytes) {
        throw new ToolError(
          `The response is larger than this upstream's limit of ${maxBytes} bytes${decoder ? " (after decompression)" : ""}; the download was stopped. Ask for less (a smaller page or a narrower query).`,
        );
      }
      chunks.push(buffer);
    }
  } catch (error) {
    if (error instanceof ToolError) throw error;
    if (decoder && (error as { code?: string }).code?.startsWith("Z_")) {
      throw new ToolError(`The response's ${contentEncoding} encoding is corrupt`, { cause: error });
    }
    throw error;
  } finally {
    body.destroy();
    decoder?.destroy();
  }
  return Buffer.concat(chunks, total);
}

function createDecoder(contentEncoding: string | undefined) {
  const encoding = contentEncoding?.trim().toLowerCase() ?? "";
  switch (encoding) {
    case "":
    case "identity":
      return undefined;
    case "gzip":
    case "x-gzip":
      return createGunzip();
    case "deflate":
      return createInflate();
    case "br":
      return createBrotliDecompress();
    default:
      throw new ToolError(`The upstream answered with an unsupported content encoding "${encoding}"`);
  }
}

import { constants } from "node:fs";
import { open } from "node:fs/promises";
import { type Context, ToolError } from "@mcpkit/core";
import { z } from "zod";
import { codeOf, type ImagePaths } from "./image-paths.js";
import { formatBytes } from "./limits.js";

/** The `image` argument shared by the tools that take one image. */
export const imageInput = z
  .object({
    path: z
      .string()
      .optional()
      .describe("Path of an image file inside the allowed roots (relative paths start at the first root)."),
    data: z.string().optional().describe("The image bytes as base64, or as a data: URL."),
  })
  .refine((image) => (image.path === undefined) !== (image.data === undefined), {
    message: "give exactly one of path or data",
  })
  .describe("The image: either { path } of a file inside the allowed roots or { data } with base64 bytes.");

export type ImageInput = z.infer<typeof imageInput>;

/** Where the bytes came from, for messages: the caller's path, or "the image data". */
export interface LoadedBytes {
  bytes: Buffer;
  label: string;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const DATA_URL = /^data:[\w.+-]+\/[\w.+-]+(;[\w-]+=[^;,]*)*;base64,/i;

/** The image's encoded bytes, refused before reading anything past `maxBytes`. */
export async function loadImageBytes(
  image: ImageInput,
  maxBytes: number,
  paths: ImagePaths,
  context: Context,
): Promise<LoadedBytes> {
  if (image.data !== undefined) return { bytes: decodeBase64(image.data, maxBytes), label: "The image data" };
  const path = image.path ?? "";
  return {
    bytes: await readFileCapped(await paths.resolveExisting(path, context), path, maxBytes),
    label: `"${path}"`,
  };
}

/** Strict base64: whitespace and a data: URL prefix are allowed, anything else is refused. */
export function decodeBase64(data: string, maxBytes: number): Buffer {
  const body = data.replace(DATA_URL, "").replace(/\s+/g, "");
  if (body.length === 0) throw new ToolError("The image data is empty.");
  const approximateBytes = Math.floor((body.length * 3) / 4);
  if (approximateBytes > maxBytes) {
    throw new ToolError(
      `The image data is about ${formatBytes(approximateBytes)}; this server accepts at most ${formatBytes(maxBytes)}.`,
    );
  }
  if (!BASE64.test(body) || body.length % 4 === 1) {
    throw new ToolError(
      "The image data is not valid base64 (expected A-Z, a-z, 0-9, + and / with optional = padding).",
    );
  }
  return Buffer.from(body, "base64");
}

/**
 * Reads a regular file through one handle, checking its size on that handle and never reading
 * more than `maxBytes + 1`, so a file that grows meanwhile cannot blow the limit either.
 */
export async function readFileCapped(
  realPath: string,
  path: string,
  maxBytes: number,
  hint = "",
): Promise<Buffer> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(realPath, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    throw new ToolError(`The file "${path}" cannot be opened: ${codeOf(error)}`, { cause: error });
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new ToolError(`The path "${path}" is not a regular file.`);
    if (stats.size > maxBytes) tooLarge(path, stats.size, maxBytes, hint);
    const buffer = Buffer.alloc(Math.min(stats.size, maxBytes) + 1);
    let length = 0;
    while (length < buffer.length) {
      const wanted = buffer.length - length;
      const { bytesRead } = await handle.read(buffer, length, wanted, length);
      length += bytesRead;
      // A regular file reads short only at its end: no need for one more read to see 0 bytes.
      if (bytesRead < wanted) break;
    }
    if (length > maxBytes) tooLarge(path, length, maxBytes, hint);
    return buffer.subarray(0, length);
  } finally {
    await handle.close();
  }
}

function tooLarge(path: string, size: number, maxBytes: number, hint: string): never {
  throw new ToolError(
    `The file "${path}" is ${formatBytes(size)}; this server accepts at most ${formatBytes(maxBytes)}${hint}.`,
  );
}

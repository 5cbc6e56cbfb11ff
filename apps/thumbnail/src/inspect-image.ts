import { sniffMimeType, ToolError } from "@mcpkit/core";
import sharp from "sharp";
import type { ImageLimits } from "./limits.js";

/** Raster formats this server decodes, by sniffed media type, with sharp's name for each. */
const RASTER_FORMATS: Record<string, string> = {
  "image/png": "png",
  "image/jpeg": "jpeg",
  "image/gif": "gif",
  "image/webp": "webp",
  "image/avif": "heif",
  "image/tiff": "tiff",
};

const SUPPORTED = "PNG, JPEG, GIF, WebP, AVIF and TIFF";

/** The header facts every tool works from, with dimensions as displayed (EXIF orientation applied). */
export interface ImageHeader {
  mimeType: string;
  format: string;
  width: number;
  /** Height of one frame. */
  height: number;
  pages: number;
  channels: number;
  space: string | undefined;
  depth: string | undefined;
  hasAlpha: boolean;
  orientation: number | undefined;
  hasExif: boolean;
  hasIcc: boolean;
  loop: number | undefined;
  delay: number[] | undefined;
}

/**
 * The media type from the bytes themselves, never a file name: only real raster images pass, and
 * SVG only when the server enables it.
 */
export function sniffImageType(bytes: Uint8Array, label: string, allowSvg: boolean): string {
  const sniffed = sniffMimeType(bytes);
  if (sniffed && sniffed in RASTER_FORMATS) return sniffed;
  if (looksLikeSvg(bytes)) {
    if (allowSvg) return "image/svg+xml";
    throw new ToolError(
      `${label} is an SVG document; SVG input is disabled on this server. Supported: ${SUPPORTED}.`,
    );
  }
  const what = sniffed
    ? `${sniffed}, which this server does not decode`
    : "not an image this server recognises";
  throw new ToolError(`${label} is ${what}. Supported formats: ${SUPPORTED}.`);
}

/** Reads the header only (sharp's metadata() decodes no pixels) and checks it against the limits. */
export async function readHeader(bytes: Buffer, label: string, limits: ImageLimits): Promise<ImageHeader> {
  const mimeType = sniffImageType(bytes, label, limits.allowSvg);
  let metadata: sharp.Metadata;
  try {
    metadata = await sharp(bytes, { failOn: "error", limitInputPixels: false }).metadata();
  } catch (error) {
    throw decodeError(label, error);
  }
  const expected = RASTER_FORMATS[mimeType] ?? "svg";
  if (metadata.format !== expected || !metadata.width || !metadata.height) {
    throw new ToolError(`${label} does not decode as the ${mimeType} its first bytes announce.`);
  }
  const pages = metadata.pages ?? 1;
  const frameHeight = metadata.pageHeight ?? metadata.height;
  const rotated = (metadata.orientation ?? 1) >= 5;
  return {
    mimeType,
    format: mimeType === "image/avif" ? "avif" : metadata.format,
    width: rotated ? frameHeight : metadata.width,
    height: rotated ? metadata.width : frameHeight,
    pages,
    channels: metadata.channels ?? 0,
    space: metadata.space,
    depth: metadata.depth,
    hasAlpha: metadata.hasAlpha ?? false,
    orientation: metadata.orientation,
    hasExif: metadata.exif !== undefined,
    hasIcc: metadata.icc !== undefined,
    loop: metadata.loop,
    delay: metadata.delay,
  };
}

/** Why this image may not be decoded here, or undefined when it is within every limit. */
export function limitExceeded(
  header: ImageHeader,
  limits: ImageLimits,
  allPages: boolean,
): string | undefined {
  const framePixels = header.width * header.height;
  const pixels = allPages ? framePixels * header.pages : framePixels;
  if (pixels > limits.maxPixels) {
    const size =
      allPages && header.pages > 1
        ? `${header.pages} frames of ${header.width}x${header.height}`
        : `${header.width}x${header.height}`;
    return `it is ${size} pixels (${megapixels(pixels)}); this server decodes at most ${megapixels(limits.maxPixels)}`;
  }
  if (header.pages > limits.maxPages)
    return `it has ${header.pages} frames; this server accepts at most ${limits.maxPages}`;
  if (header.channels > limits.maxChannels) {
    return `it has ${header.channels} channels; this server accepts at most ${limits.maxChannels}`;
  }
  return undefined;
}

/** The header, refused with a clear message when decoding it would exceed a limit. */
export async function readDecodableHeader(
  bytes: Buffer,
  label: string,
  limits: ImageLimits,
  allPages: boolean,
): Promise<ImageHeader> {
  const header = await readHeader(bytes, label, limits);
  const exceeded = limitExceeded(header, limits, allPages);
  if (exceeded) throw new ToolError(`${label} is refused: ${exceeded}.`);
  return header;
}

/** A sharp failure as an error the caller can read; sharp's messages name no paths (it gets buffers). */
export function decodeError(label: string, error: unknown): ToolError {
  const detail = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
  return new ToolError(`${label} could not be decoded; it may be corrupt or truncated (${detail}).`, {
    cause: error,
  });
}

function megapixels(pixels: number): string {
  return `${(pixels / 1_000_000).toFixed(1)} megapixels`;
}

function looksLikeSvg(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 1024))
    .toString("utf8")
    .replace(/^\uFEFF/, "")
    .trimStart();
  if (head.startsWith("<svg")) return true;
  return (
    (head.startsWith("<?xml") || head.startsWith("<!--") || head.startsWith("<!DOCTYPE svg")) &&
    head.includes("<svg")
  );
}

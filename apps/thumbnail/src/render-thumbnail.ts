import { ToolError } from "@mcpkit/core";
import sharp from "sharp";
import { decodeError } from "./inspect-image.js";
import type { Hold } from "./job-queue.js";
import { formatBytes } from "./limits.js";

export const OUTPUT_FORMATS = ["webp", "png", "jpeg", "avif"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
export const FITS = ["cover", "contain", "inside"] as const;
export type Fit = (typeof FITS)[number];

export const MIME_TYPES: Record<OutputFormat, string> = {
  webp: "image/webp",
  png: "image/png",
  jpeg: "image/jpeg",
  avif: "image/avif",
};

export const EXTENSIONS: Record<OutputFormat, string> = {
  webp: "webp",
  png: "png",
  jpeg: "jpg",
  avif: "avif",
};

export interface ThumbnailRequest {
  width: number | undefined;
  height: number | undefined;
  fit: Fit;
  format: OutputFormat;
  /** 1-100; undefined picks the format's default. For PNG it is the palette quality. */
  quality: number | undefined;
  enlarge: boolean;
  /** Which frame of an animated image to use. */
  page: number;
  /** Keep every frame (WebP output only). */
  animated: boolean;
  maxBytes: number;
  timeoutSeconds: number;
  maxPixels: number;
}

export interface Thumbnail {
  data: Buffer;
  width: number;
  height: number;
  format: OutputFormat;
  mimeType: string;
  bytes: number;
  /** The quality the output was encoded at, lower than asked when the byte budget forced it. */
  quality: number;
}

const DEFAULT_QUALITY: Record<OutputFormat, number> = { webp: 80, jpeg: 80, avif: 50, png: 100 };
const QUALITY_STEP = 10;
const MIN_QUALITY = 20;

/**
 * Resizes and re-encodes one image. The source is decoded with the pixel limit and strict
 * `failOn`, oriented from EXIF, and written without metadata (sharp strips EXIF, GPS and XMP
 * unless told to keep them). Over the byte budget, lossy formats step their quality down and PNG
 * falls back to a smaller palette; if nothing fits, the caller is told what to change.
 *
 * sharp's own timeout only fires between libvips tiles, and some encoders (AVIF's above all) run
 * as one uninterruptible step, so the deadline is also enforced here: the caller gets its error
 * on time, and `hold` keeps the job's queue slot taken until the native work really ends.
 */
export async function renderThumbnail(
  input: Buffer,
  label: string,
  request: ThumbnailRequest,
  hold: Hold,
): Promise<Thumbnail> {
  const deadline = Date.now() + request.timeoutSeconds * 1000;
  // A new pipeline per attempt: sharp's clone() deep-copies its options, which cost more than this.
  const resized = () => {
    const pipeline = sharp(input, {
      failOn: "error",
      limitInputPixels: request.maxPixels,
      pages: request.animated ? -1 : 1,
      page: request.animated ? 0 : request.page,
    })
      .rotate()
      .resize({
        width: request.width,
        height: request.height,
        fit: request.fit,
        withoutEnlargement: !request.enlarge,
        background: request.format === "jpeg" ? "#ffffff" : { r: 0, g: 0, b: 0, alpha: 0 },
      });
    return request.format === "jpeg" ? pipeline.flatten({ background: "#ffffff" }) : pipeline;
  };

  const first = request.quality ?? DEFAULT_QUALITY[request.format];
  let smallest = Number.POSITIVE_INFINITY;
  for (const quality of qualitySteps(first)) {
    const remaining = Math.ceil((deadline - Date.now()) / 1000);
    if (remaining <= 0) throw timedOut(label, request.timeoutSeconds);
    let output: { data: Buffer; info: sharp.OutputInfo };
    try {
      const pipeline = encode(resized(), request.format, quality).timeout({ seconds: remaining });
      output = await withinDeadline(pipeline.toBuffer({ resolveWithObject: true }), deadline, hold);
    } catch (error) {
      if (error instanceof Error && error.message.startsWith("timeout"))
        throw timedOut(label, request.timeoutSeconds);
      throw decodeError(label, error);
    }
    smallest = Math.min(smallest, output.data.length);
    if (output.data.length <= request.maxBytes) {
      const { info } = output;
      return {
        data: output.data,
        width: info.width,
        height: info.pageHeight ?? info.height,
        format: request.format,
        mimeType: MIME_TYPES[request.format],
        bytes: output.data.length,
        quality,
      };
    }
  }
  throw new ToolError(
    `${label} gives a thumbnail of ${formatBytes(smallest)} even at the lowest quality, over the budget of ` +
      `${formatBytes(request.maxBytes)}. Ask for smaller dimensions, a lossy format (webp, avif, jpeg) or a larger max_bytes.`,
  );
}

/** `work`, or an error once the deadline passes; then `hold` keeps the slot until `work` settles. */
function withinDeadline<T>(work: Promise<T>, deadline: number, hold: Hold): Promise<T> {
  // A plain timer: an aborted timers/promises sleep builds a DOMException with a stack every call.
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      hold(work);
      reject(new Error("timeout: the deadline passed"));
    }, deadline - Date.now());
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}

function qualitySteps(first: number): number[] {
  const steps = [first];
  for (let quality = first - QUALITY_STEP; quality >= MIN_QUALITY; quality -= QUALITY_STEP)
    steps.push(quality);
  if (steps.at(-1) !== MIN_QUALITY && first > MIN_QUALITY) steps.push(MIN_QUALITY);
  return steps;
}

/** PNG is lossless at quality 100; below that (asked for, or forced by the budget) it is palette-based. */
function encode(pipeline: sharp.Sharp, format: OutputFormat, quality: number): sharp.Sharp {
  switch (format) {
    case "webp":
      return pipeline.webp({ quality, effort: 4 });
    case "jpeg":
      return pipeline.jpeg({ quality, mozjpeg: false });
    case "avif":
      // Higher efforts cost many seconds per megapixel, in one step no timeout can interrupt.
      return pipeline.avif({ quality, effort: 0 });
    case "png":
      if (quality >= 100) return pipeline.png({ compressionLevel: 6 });
      return pipeline.png({ palette: true, quality, colours: quality >= 60 ? 256 : 64, compressionLevel: 9 });
  }
}

function timedOut(label: string, seconds: number): ToolError {
  return new ToolError(`${label} took longer to process than this server's limit of ${seconds} s.`);
}

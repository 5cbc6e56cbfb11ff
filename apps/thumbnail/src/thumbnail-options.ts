import { ToolError } from "@mcpkit/core";
import { z } from "zod";
import type { ImageLimits, JobLimits } from "./limits.js";
import { FITS, OUTPUT_FORMATS, type ThumbnailRequest } from "./render-thumbnail.js";

const DEFAULT_SIZE = 256;

/** The size and encoding parameters `create_thumbnail` and `thumbnail_directory` share. */
export function thumbnailShape(limits: ImageLimits) {
  const side = (which: string) =>
    z
      .number()
      .int()
      .min(1)
      .max(limits.maxOutputSide)
      .optional()
      .describe(
        `Target ${which} in pixels (at most ${limits.maxOutputSide}). Give one side to keep the aspect ratio; with neither, the thumbnail fits in ${DEFAULT_SIZE}x${DEFAULT_SIZE}.`,
      );
  return {
    width: side("width"),
    height: side("height"),
    fit: z
      .enum(FITS)
      .default("inside")
      .describe(
        "inside: keep the whole image within the box; cover: fill the box, cropping the overflow; contain: the whole image letterboxed to the exact box.",
      ),
    format: z.enum(OUTPUT_FORMATS).default("webp").describe("Output format."),
    quality: z
      .number()
      .int()
      .min(1)
      .max(100)
      .optional()
      .describe(
        "Encoder quality 1-100 (default 80 for webp/jpeg, 50 for avif; PNG is lossless unless set below 100).",
      ),
    enlarge: z.boolean().default(false).describe("Allow upscaling an image smaller than the requested size."),
    max_bytes: z
      .number()
      .int()
      .min(1024)
      .max(limits.maxOutputBytes)
      .optional()
      .describe(
        `Byte budget for each output; quality is lowered step by step to fit (default and maximum ${limits.maxOutputBytes}).`,
      ),
  };
}

export interface ThumbnailArgs {
  width?: number | undefined;
  height?: number | undefined;
  fit: ThumbnailRequest["fit"];
  format: ThumbnailRequest["format"];
  quality?: number | undefined;
  enlarge: boolean;
  max_bytes?: number | undefined;
}

export function toThumbnailRequest(
  args: ThumbnailArgs,
  limits: ImageLimits,
  jobs: JobLimits,
  frame: { page: number; animated: boolean } = { page: 0, animated: false },
): ThumbnailRequest {
  if (frame.animated && args.format !== "webp") {
    throw new ToolError(
      `Animated thumbnails are written as webp only; set format to "webp" or animated to false.`,
    );
  }
  const unsized = args.width === undefined && args.height === undefined;
  return {
    width: unsized ? DEFAULT_SIZE : args.width,
    height: unsized ? DEFAULT_SIZE : args.height,
    fit: args.fit,
    format: args.format,
    quality: args.quality,
    enlarge: args.enlarge,
    page: frame.page,
    animated: frame.animated,
    maxBytes: args.max_bytes ?? limits.maxOutputBytes,
    timeoutSeconds: jobs.timeoutSeconds,
    maxPixels: limits.maxPixels,
  };
}

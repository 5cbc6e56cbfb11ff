/**
 * What one image may cost the server. Every check happens before pixels are decoded: bytes are
 * counted on arrival, dimensions, channels and pages are read from the header.
 */
export interface ImageLimits {
  /** Largest encoded input accepted, in bytes. */
  maxInputBytes: number;
  /** Largest decoded size, width x height x pages; sharp's own default is 268 megapixels. */
  maxPixels: number;
  /** Most frames an animated input may declare. */
  maxPages: number;
  /** Most bands an input may have (4 covers RGBA and CMYK). */
  maxChannels: number;
  /** Largest thumbnail side a caller may ask for. */
  maxOutputSide: number;
  /** Largest image a tool returns or writes, in bytes; thumbnails step quality down to fit. */
  maxOutputBytes: number;
  /** Most files one `thumbnail_directory` call processes. */
  maxBatchFiles: number;
  /** SVG is an XML document with external references, not a raster image: off unless enabled. */
  allowSvg: boolean;
}

/** How work is scheduled, so that a burst of calls queues instead of exhausting memory. */
export interface JobLimits {
  /** Images processed at once. */
  concurrency: number;
  /** Calls that may wait for a slot; beyond that a call fails fast as "busy". */
  maxQueue: number;
  /** Processing time allowed for one image, in seconds. */
  timeoutSeconds: number;
}

export const MiB = 1024 * 1024;

export const DEFAULT_IMAGE_LIMITS: ImageLimits = {
  maxInputBytes: 20 * MiB,
  maxPixels: 40_000_000,
  maxPages: 100,
  maxChannels: 4,
  maxOutputSide: 4096,
  maxOutputBytes: 5 * MiB,
  maxBatchFiles: 1000,
  allowSvg: false,
};

export const DEFAULT_JOB_LIMITS: JobLimits = {
  concurrency: 2,
  maxQueue: 32,
  timeoutSeconds: 20,
};

export function formatBytes(bytes: number): string {
  if (bytes >= MiB) return `${(bytes / MiB).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}

import {
  FastMCP,
  type ReplicaOptions,
  RootSource,
  replicaOptionsOf,
  type ServerLogLevel,
} from "@mcpkit/core";
import { ImagePaths } from "./image-paths.js";
import { JobQueue } from "./job-queue.js";
import { DEFAULT_IMAGE_LIMITS, DEFAULT_JOB_LIMITS, type ImageLimits, type JobLimits } from "./limits.js";
import { registerCreateThumbnail } from "./tools/create-thumbnail.js";
import { registerImageInfo } from "./tools/image-info.js";
import { registerLoadImage } from "./tools/load-image.js";
import type { ThumbnailDeps } from "./tools/thumbnail-deps.js";
import { registerThumbnailDirectory } from "./tools/thumbnail-directory.js";

export { DEFAULT_IMAGE_LIMITS, DEFAULT_JOB_LIMITS, type ImageLimits, type JobLimits } from "./limits.js";
export { tuneSharp } from "./tune-sharp.js";

/** With `ReplicaOptions`: the store, event bus and request-state key replicas share. */
export interface ThumbnailServerOptions extends ReplicaOptions {
  /** Directories whose files the tools may read and write; none means base64 input only. */
  roots?: readonly string[];
  limits?: Partial<ImageLimits>;
  jobs?: Partial<JobLimits>;
  logLevel?: ServerLogLevel;
  /** Hide unexpected errors' details from clients (they still go to stderr). Defaults to true. */
  maskErrorDetails?: boolean;
}

/**
 * The thumbnail server: `create_thumbnail`, `image_info`, `load_image` and `thumbnail_directory`,
 * with every image checked against the limits before it is decoded. Pure: sharp's process-wide
 * settings are left to `tuneSharp()`, which `main` calls.
 *
 * @example
 * const server = createThumbnailServer({ roots: ["/srv/photos"], limits: { maxPixels: 20_000_000 } });
 * await server.run();
 */
export function createThumbnailServer(options: ThumbnailServerOptions = {}): FastMCP {
  const limits = { ...DEFAULT_IMAGE_LIMITS, ...options.limits };
  const jobs = { ...DEFAULT_JOB_LIMITS, ...options.jobs };
  const paths = new ImagePaths(
    new RootSource((options.roots ?? []).map((path) => ({ path, writable: true }))),
  );
  const mcp = new FastMCP({
    name: "thumbnail",
    version: "0.1.0",
    instructions:
      "Makes thumbnails of images and reads their metadata. Give an image as { path } of a file inside the " +
      "allowed roots or as { data } with base64 bytes. Use image_info before create_thumbnail when the size of " +
      "an image is unknown, and create_thumbnail rather than load_image to look at a large image.",
    maskErrorDetails: options.maskErrorDetails ?? true,
    logLevel: options.logLevel ?? "info",
    ...replicaOptionsOf(options),
  });
  const deps: ThumbnailDeps = {
    paths,
    limits,
    jobs,
    queue: new JobQueue(jobs.concurrency, jobs.maxQueue),
  };
  registerCreateThumbnail(mcp, deps);
  registerImageInfo(mcp, deps);
  registerLoadImage(mcp, deps);
  registerThumbnailDirectory(mcp, deps);
  return mcp;
}

import type { ImagePaths } from "../image-paths.js";
import type { JobQueue } from "../job-queue.js";
import type { ImageLimits, JobLimits } from "../limits.js";

/** What every tool shares: the path policy, the limits and the one job queue. */
export interface ThumbnailDeps {
  paths: ImagePaths;
  limits: ImageLimits;
  jobs: JobLimits;
  queue: JobQueue;
}

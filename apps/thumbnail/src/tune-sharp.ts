import sharp from "sharp";

/**
 * Sets sharp's process-wide knobs for a server. libvips' operation cache is off: a server sees
 * each user image once, so the cache would only hold decoded pixels (and open files) that are
 * never reused. Each image gets one libvips thread, and the job queue runs several images at
 * once: many small thumbnails in parallel use the cores better than one image at a time on all
 * of them, memory stays proportional to the number of jobs, and on glibc a single thread per
 * image avoids the allocator fragmentation that led sharp to default to 1 there anyway.
 */
export function tuneSharp(threadsPerImage = 1): void {
  sharp.cache(false);
  sharp.concurrency(threadsPerImage);
}

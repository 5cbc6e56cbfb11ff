import { setFlagsFromString } from "node:v8";

/**
 * Whether a stdio server should turn V8's incremental marking off: yes, unless whoever started
 * the process set `--incremental-marking` or `--no-incremental-marking` themselves (on the
 * command line or in NODE_OPTIONS).
 */
export function shouldPreferCompactHeap(
  execArgv: readonly string[],
  nodeOptions: string | undefined,
): boolean {
  return !/incremental[-_]marking/.test(`${execArgv.join(" ")} ${nodeOptions ?? ""}`);
}

/**
 * Turns V8's incremental marking off for a stdio server, a process of its own serving one client.
 * Once the heap holds more than ~7 MB (zod alone is ~3 MB), incremental marking under a burst of
 * calls kept ~0.5 MB of short-lived objects alive per young-generation collection, so V8 grew the
 * young generation to its limit and promoted garbage into the old one: an echo server peaked at
 * ~106 MiB, against ~74 MiB without it, with the same or better calls/s and half the p99 latency
 * (bench/README.md). The cost is that a full collection, when one is needed, runs in one pause
 * rather than in steps: ~10 ms for a heap of tens of MB, ~120 ms for 300 MB. Set for the process
 * before serving; opt out by starting node with `--incremental-marking`.
 */
export function preferCompactHeap(): void {
  if (shouldPreferCompactHeap(process.execArgv, process.env.NODE_OPTIONS)) {
    setFlagsFromString("--no-incremental-marking");
  }
}

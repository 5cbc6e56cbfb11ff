import type { Dirent } from "node:fs";
import { join } from "node:path";
import type { PathGuard, ResolvedPath } from "@mcpkit/core";
import { listEntries } from "./safe-fs.js";

export type EntryType = "file" | "directory" | "symlink" | "other";

export interface WalkEntry {
  /** Path below the starting folder, "/"-separated. */
  relative: string;
  real: string;
  type: EntryType;
  /** 1 for the starting folder's own entries. */
  depth: number;
}

export interface WalkLimits {
  maxDepth: number;
  /** Absolute time (Date.now()) after which the walk stops. */
  deadline: number;
  signal: AbortSignal;
}

/** Why a walk stopped early, if it did; shared with the caller, who may stop it for its own caps. */
export interface WalkState {
  stopped?: "time" | "cancelled" | "limit";
  /** Some folders were deeper than `maxDepth` and were not entered. */
  depthLimited: boolean;
  /** Folders that could not be read (permissions, or changed while walking). */
  unreadable: number;
  directories: number;
}

export function entryType(entry: Dirent): EntryType {
  if (entry.isFile()) return "file";
  if (entry.isDirectory()) return "directory";
  if (entry.isSymbolicLink()) return "symlink";
  return "other";
}

/**
 * Walks a folder breadth first, within the roots and bounded in depth and time. Symlinks are
 * reported, never followed, so a walk can neither leave the roots nor loop; denied paths are
 * skipped entirely. Each folder is opened and verified before it is read.
 */
export async function* walk(
  start: ResolvedPath,
  guard: PathGuard,
  limits: WalkLimits,
  state: WalkState,
): AsyncGenerator<WalkEntry> {
  const queue: Array<{ real: string; relative: string; depth: number }> = [
    { real: start.real, relative: "", depth: 0 },
  ];
  while (queue.length > 0 && state.stopped === undefined) {
    const folder = queue.shift()!;
    let entries: Dirent[];
    try {
      const path: ResolvedPath = {
        ...start,
        given: folder.relative || start.given,
        real: folder.real,
        exists: true,
      };
      entries = await listEntries(path, guard);
    } catch {
      state.unreadable++;
      continue;
    }
    state.directories++;
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (limits.signal.aborted) state.stopped = "cancelled";
      else if (Date.now() > limits.deadline) state.stopped = "time";
      if (state.stopped !== undefined) return;
      const real = join(folder.real, entry.name);
      if (guard.denied(real, start.root)) continue;
      const relative = folder.relative ? `${folder.relative}/${entry.name}` : entry.name;
      const type = entryType(entry);
      yield { relative, real, type, depth: folder.depth + 1 };
      if (type !== "directory") continue;
      if (folder.depth + 1 < limits.maxDepth) queue.push({ real, relative, depth: folder.depth + 1 });
      else state.depthLimited = true;
    }
  }
}

/** Why a walk stopped early, in words for the model. */
export function describeStop(stopped: NonNullable<WalkState["stopped"]>, cap: number): string {
  if (stopped === "time") return "The time budget ran out; narrow the path or pattern.";
  if (stopped === "cancelled") return "The request was cancelled.";
  return `Stopped at the limit of ${cap} results; narrow the path or pattern.`;
}

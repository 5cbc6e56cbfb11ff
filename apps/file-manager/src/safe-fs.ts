import { randomBytes } from "node:crypto";
import { constants, type Dirent, type Stats } from "node:fs";
import {
  chmod,
  type FileHandle,
  lstat,
  open,
  readdir,
  readlink,
  rename,
  stat,
  unlink,
  writeFile,
} from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { describeFsError, type PathGuard, quote, type ResolvedPath, ToolError } from "@mcpkit/core";

const { O_RDONLY, O_NOFOLLOW, O_NONBLOCK, O_DIRECTORY } = constants;

/**
 * The real path of an open descriptor, from /proc on Linux. Checking it after opening closes the
 * race where a checked path is swapped for a symlink before it is opened: what is checked is what
 * was opened. Undefined where /proc is missing; callers then compare device and inode.
 */
async function openedPath(handle: FileHandle): Promise<string | undefined> {
  try {
    return await readlink(`/proc/self/fd/${handle.fd}`);
  } catch {
    return undefined;
  }
}

async function verifyOpened(handle: FileHandle, path: ResolvedPath, guard: PathGuard): Promise<Stats> {
  const stats = await handle.stat();
  const opened = await openedPath(handle);
  if (opened !== undefined) {
    guard.check(opened, path.given);
    return stats;
  }
  const now = await stat(path.real);
  if (now.dev !== stats.dev || now.ino !== stats.ino) {
    throw new ToolError(`${quote(path.given)} changed while it was being opened; try again.`);
  }
  return stats;
}

/** Opens any existing path read-only, verified to be inside the roots after opening. Close it. */
export function openVerified(
  path: ResolvedPath,
  guard: PathGuard,
): Promise<{ handle: FileHandle; stats: Stats }> {
  return openChecked(path, guard, O_RDONLY);
}

async function openChecked(
  path: ResolvedPath,
  guard: PathGuard,
  flags: number,
): Promise<{ handle: FileHandle; stats: Stats }> {
  let handle: FileHandle;
  try {
    handle = await open(path.real, flags | O_NOFOLLOW | O_NONBLOCK);
  } catch (error) {
    throw describeFsError(error, path.given);
  }
  try {
    return { handle, stats: await verifyOpened(handle, path, guard) };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Opens a regular file for reading, verified to be inside the roots after opening. Close it. */
export async function openFile(
  path: ResolvedPath,
  guard: PathGuard,
): Promise<{ handle: FileHandle; stats: Stats }> {
  const opened = await openChecked(path, guard, O_RDONLY);
  if (!opened.stats.isFile()) {
    await opened.handle.close();
    throw new ToolError(`${quote(path.given)} is not a regular file.`);
  }
  return opened;
}

/** Reads a whole regular file, refusing files over `maxBytes` before reading any of it. */
export async function readWholeFile(path: ResolvedPath, guard: PathGuard, maxBytes: number): Promise<Buffer> {
  const { handle, stats } = await openFile(path, guard);
  try {
    if (stats.size > maxBytes) throw tooLarge(path.given, stats.size, maxBytes);
    const buffer = Buffer.alloc(stats.size);
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

export function tooLarge(given: string, size: number, maxBytes: number): ToolError {
  return new ToolError(
    `${quote(given)} is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} limit for reading a whole file. ` +
      "Read part of it with read_text (offset/length, head or tail).",
  );
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, "")} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, "")} MiB`;
}

/**
 * Runs `action` with a path through which a verified open directory can be used (`/proc/self/fd/N`
 * on Linux), so that what happens inside it cannot be redirected by swapping the directory for a
 * symlink after the check. Falls back to the checked real path elsewhere.
 */
export async function inDirectory<T>(
  directory: ResolvedPath,
  guard: PathGuard,
  action: (base: string) => Promise<T>,
): Promise<T> {
  const { handle, stats } = await openChecked(directory, guard, O_RDONLY | O_DIRECTORY);
  try {
    if (!stats.isDirectory()) throw new ToolError(`${quote(directory.given)} is not a folder.`);
    const viaProc = `/proc/self/fd/${handle.fd}`;
    const base = (await openedPath(handle)) === undefined ? directory.real : viaProc;
    return await action(base);
  } finally {
    await handle.close();
  }
}

/** The entries of a verified directory. */
export function listEntries(directory: ResolvedPath, guard: PathGuard): Promise<Dirent[]> {
  return inDirectory(directory, guard, (base) => readdir(base, { withFileTypes: true }));
}

/**
 * Up to `limit` entries of a verified directory, sorted by name and filtered by `keep`, with their
 * own (not followed) metadata read through the verified directory.
 */
const LSTAT_BATCH = 64;

export function listEntryStats(
  directory: ResolvedPath,
  guard: PathGuard,
  keep: (entry: Dirent) => boolean,
  limit: number,
): Promise<{ listed: Array<{ entry: Dirent; stats: Stats }>; truncated: boolean }> {
  return inDirectory(directory, guard, async (base) => {
    const entries = (await readdir(base, { withFileTypes: true })).filter(keep);
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const listed: Array<{ entry: Dirent; stats: Stats }> = [];
    const wanted = entries.slice(0, limit);
    // One lstat at a time costs a thread-pool round trip each (65 ms for 1000 entries);
    // batches keep the pool busy without flooding it.
    for (let start = 0; start < wanted.length; start += LSTAT_BATCH) {
      const batch = wanted.slice(start, start + LSTAT_BATCH);
      const stats = await Promise.all(
        batch.map((entry) => lstat(join(base, entry.name)).catch(() => undefined)),
      );
      batch.forEach((entry, index) => {
        const found = stats[index];
        if (found) listed.push({ entry, stats: found });
      });
    }
    return { listed, truncated: entries.length > limit };
  });
}

/** The resolved parent folder of a path that is about to be created or replaced. */
export function parentOf(path: ResolvedPath): ResolvedPath {
  return { ...path, real: dirname(path.real), exists: true };
}

export interface AtomicWriteOptions {
  /** Called with the file's current content (undefined if none) just before it is replaced. */
  beforeReplace?: (current: Buffer | undefined) => void;
  maxBytes: number;
}

/**
 * Replaces a file's content all at once: the data goes to a temporary file in the same verified
 * folder, which is then renamed over the target, so readers see the old or the new file, never a
 * half-written one. The file's permissions are kept.
 */
export async function writeAtomically(
  path: ResolvedPath,
  guard: PathGuard,
  data: string | Uint8Array,
  options: AtomicWriteOptions,
): Promise<void> {
  const name = basename(path.real);
  await inDirectory(parentOf(path), guard, async (base) => {
    const target = join(base, name);
    const existing = await lstat(target).catch(() => undefined);
    if (existing?.isDirectory()) throw new ToolError(`${quote(path.given)} is a folder, not a file.`);
    const temporary = join(base, `.${name}.${randomBytes(6).toString("hex")}.tmp`);
    try {
      await writeFile(temporary, data, { flag: "wx", mode: 0o644 });
      // Set explicitly: the mode given at creation is reduced by the umask.
      if (existing?.isFile()) await chmod(temporary, existing.mode & 0o7777);
      if (options.beforeReplace) {
        const current = existing?.isFile() ? await readCurrent(target, options.maxBytes) : undefined;
        options.beforeReplace(current);
      }
      await rename(temporary, target);
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      if (error instanceof ToolError) throw error;
      throw describeFsError(error, path.given);
    }
  });
}

async function readCurrent(target: string, maxBytes: number): Promise<Buffer | undefined> {
  const handle = await open(target, O_RDONLY | O_NOFOLLOW | O_NONBLOCK).catch(() => undefined);
  if (!handle) return undefined;
  try {
    const stats = await handle.stat();
    if (!stats.isFile() || stats.size > maxBytes) return undefined;
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

import { lstat, readlink, realpath } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { ToolError } from "../errors.js";
import { type AllowedRoot, isWithin } from "./allowed-root.js";

/** Paths never served inside a root (secrets): the pattern matching a root-relative path, if any. */
export interface DenyRule {
  match(relativePath: string): string | undefined;
}

/** A caller's path after every check: where it really is, and the root that allows it. */
export interface ResolvedPath {
  /** What the caller passed, for messages. */
  given: string;
  /** The path as the caller meant it (URI decoded, made absolute). */
  shown: string;
  /** How to show paths below this one back to the caller: their own spelling, URIs as paths. */
  display: string;
  /** The real path, symlinks followed (the last segment only when `followFinal`). */
  real: string;
  root: AllowedRoot;
  exists: boolean;
}

export interface ResolveOptions {
  /** The caller wants to change this path: its root must be writable. */
  write?: boolean;
  /** Follow a symlink in the last segment (true), or act on the link itself (move). */
  followFinal?: boolean;
}

const MAX_LINKS = 40;

/** Quotes a caller's path for a message, escaping control characters. */
export function quote(path: string): string {
  return JSON.stringify(path);
}

/**
 * Confines paths to the roots of one call (from `RootSource.forCall`). Every path (absolute,
 * relative to the first root, or a `file://` URI) is made absolute, its symlinks followed (up to
 * the longest existing ancestor for paths that do not exist yet), and the result must lie in a
 * root and outside the deny rule. Messages name only the path the caller gave, never where the
 * roots are.
 *
 * @example
 * const guard = new PathGuard(await roots.forCall(context));
 * const target = await guard.resolve(args.path, { write: true }); // ToolError when outside or read-only
 */
export class PathGuard {
  constructor(
    readonly roots: readonly AllowedRoot[],
    private readonly deny?: DenyRule,
  ) {}

  async resolve(given: string, options: ResolveOptions = {}): Promise<ResolvedPath> {
    const shown = this.absolute(given);
    const followFinal = options.followFinal ?? true;
    let found: { real: string; exists: boolean; dangling: boolean };
    try {
      if (followFinal) found = await realpathLoose(shown, 0);
      else {
        const parent = await realpathLoose(dirname(shown), 0);
        const real = join(parent.real, basename(shown));
        const exists =
          parent.exists &&
          (await lstat(real).then(
            () => true,
            (error: unknown) => {
              if (isCode(error, "ENOENT")) return false;
              throw error;
            },
          ));
        found = { real, exists, dangling: parent.dangling };
      }
    } catch (error) {
      throw describeFsError(error, given);
    }
    const root = this.check(found.real, given);
    if (found.dangling)
      throw new ToolError(`${quote(given)} goes through a symbolic link whose target does not exist.`);
    if (options.write && !root.writable) {
      throw new ToolError(`${quote(given)} is in a read-only folder: this server may not change it.`);
    }
    const display = /^file:/i.test(given) ? shown : given.normalize("NFC");
    return { given, shown, display, real: found.real, root, exists: found.exists };
  }

  /** The root allowing `real`, or a ToolError; also used to re-check a path after opening it. */
  check(real: string, given: string): AllowedRoot {
    let best: AllowedRoot | undefined;
    for (const root of this.roots) {
      if (isWithin(real, root.real) && (!best || root.real.length > best.real.length)) best = root;
    }
    if (!best)
      throw new ToolError(`Access denied: ${quote(given)} is outside the folders shared with this server.`);
    const pattern = this.denied(real, best);
    if (pattern)
      throw new ToolError(`Access denied: ${quote(given)} is on the deny-list for secrets (${pattern}).`);
    return best;
  }

  /** The deny pattern matching a real path inside `root`, if any. */
  denied(real: string, root: AllowedRoot): string | undefined {
    if (!this.deny) return undefined;
    const inside = relative(root.real, real).normalize("NFC");
    return this.deny.match(inside.split(sep).join("/"));
  }

  private absolute(given: string): string {
    if (given.length === 0) throw new ToolError("The path is empty: give a file or folder path.");
    if (given.includes("\0")) throw new ToolError(`Invalid path ${quote(given)}: it contains a NUL byte.`);
    let path = given;
    if (/^file:/i.test(given)) {
      let url: URL;
      try {
        url = new URL(given);
      } catch {
        throw new ToolError(`Invalid file URI ${quote(given)}.`);
      }
      if (/%2f|%5c|%00/i.test(url.pathname)) {
        throw new ToolError(
          `Invalid file URI ${quote(given)}: it contains an encoded separator or NUL byte.`,
        );
      }
      if (url.host !== "" && url.host !== "localhost") {
        throw new ToolError(`Invalid file URI ${quote(given)}: only local files (file:///...) are served.`);
      }
      path = fileURLToPath(url);
    }
    // Callers' spellings are unified to NFC; the file system and the root check stay byte-exact.
    path = path.normalize("NFC");
    const base = this.roots[0]?.real ?? sep;
    return isAbsolute(path) ? resolve(path) : resolve(base, path);
  }
}

/**
 * `realpath` that also works for paths that do not exist yet: the longest existing ancestor is
 * resolved and the missing tail appended. A dangling symlink on the way is followed by hand so that
 * a link pointing out of the roots is caught even though its target is missing.
 */
async function realpathLoose(
  path: string,
  links: number,
): Promise<{ real: string; exists: boolean; dangling: boolean }> {
  try {
    return { real: await realpath(path), exists: true, dangling: false };
  } catch (error) {
    if (!isCode(error, "ENOENT") && !isCode(error, "ENOTDIR")) throw error;
  }
  const parent = dirname(path);
  if (parent === path) return { real: path, exists: false, dangling: false };
  const link = await lstat(path).then(
    (stats) => stats.isSymbolicLink(),
    () => false,
  );
  if (link) {
    if (links >= MAX_LINKS) throw Object.assign(new Error("too many links"), { code: "ELOOP" });
    const target = resolve(parent, await readlink(path));
    const followed = await realpathLoose(target, links + 1);
    return { real: followed.real, exists: false, dangling: true };
  }
  const resolved = await realpathLoose(parent, links);
  return { real: join(resolved.real, basename(path)), exists: false, dangling: resolved.dangling };
}

/** Whether a file-system error has this `code` (`ENOENT`, ...). */
export function isCode(error: unknown, code: string): boolean {
  return (error as { code?: unknown } | null)?.code === code;
}

/** A file-system error as a message naming the caller's path, never the host path in the error. */
export function describeFsError(error: unknown, given: string): ToolError {
  const code = (error as { code?: unknown } | null)?.code;
  const messages: Record<string, string> = {
    ENOENT: `${quote(given)} does not exist.`,
    ENOTDIR: `${quote(given)}: a part of the path is not a folder.`,
    EISDIR: `${quote(given)} is a folder, not a file.`,
    ENOTEMPTY: `${quote(given)} is a folder that is not empty.`,
    EEXIST: `${quote(given)} already exists.`,
    EACCES: `Permission denied by the operating system for ${quote(given)}.`,
    EPERM: `Permission denied by the operating system for ${quote(given)}.`,
    ELOOP: `${quote(given)} has too many levels of symbolic links, or became a symbolic link while being opened.`,
    ENAMETOOLONG: `${quote(given)} is too long a path.`,
    EXDEV: `${quote(given)} cannot be moved across file systems.`,
    ENOSPC: `No space left on the device while writing ${quote(given)}.`,
    EROFS: `${quote(given)} is on a read-only file system.`,
  };
  const message = typeof code === "string" ? messages[code] : undefined;
  return new ToolError(message ?? `Could not access ${quote(given)}.`, { cause: error });
}

import { realpathSync } from "node:fs";
import { mkdir, realpath } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { type Context, ToolError } from "@mcpkit/core";

/**
 * Decides which paths a call may touch. The server's own roots (from its command line) are the
 * outer bound; when the client offers MCP roots, a path must also lie inside one of those, so a
 * client can narrow access but never widen it. Paths are compared after `realpath`, so `..` and
 * symlinks cannot lead out. Errors name the path as the caller wrote it, never what it resolved
 * to or where the roots are.
 */
export class PathGuard {
  /** The configured roots, resolved to real paths. */
  readonly roots: readonly string[];

  constructor(roots: readonly string[]) {
    this.roots = roots.map((root) => {
      try {
        return realpathSync(root);
      } catch (error) {
        throw new Error(`The root ${root} does not exist or cannot be read`, { cause: error });
      }
    });
  }

  /** The real path of an existing file or directory inside the allowed roots. */
  async resolveExisting(path: string, context: Context): Promise<string> {
    const real = await realpathOf(this.absolute(path), path);
    await this.assertAllowed(real, path, context);
    return real;
  }

  /**
   * The real path of a directory inside the allowed roots, created if missing. The nearest
   * existing ancestor is resolved first, and the result is checked again once it exists, so a
   * symlink planted on the way cannot redirect the write.
   */
  async ensureDirectory(path: string, context: Context): Promise<string> {
    const absolute = this.absolute(path);
    let existing = absolute;
    let real: string | undefined;
    while (real === undefined) {
      try {
        real = await realpath(existing);
      } catch (error) {
        if (!isMissing(error) || dirname(existing) === existing) throw unreadable(path, error);
        existing = dirname(existing);
      }
    }
    const target = join(real, relative(existing, absolute));
    await this.assertAllowed(target, path, context);
    try {
      await mkdir(target, { recursive: true });
    } catch (error) {
      throw new ToolError(`Cannot create the directory "${path}": ${codeOf(error)}`, { cause: error });
    }
    const created = await realpathOf(target, path);
    await this.assertAllowed(created, path, context);
    return created;
  }

  private absolute(path: string): string {
    if (path.includes("\0"))
      throw new ToolError(`The path "${path.replaceAll("\0", "\\0")}" contains a NUL byte.`);
    if (path.trim() === "") throw new ToolError("The path is empty.");
    const base = this.roots[0];
    if (base === undefined) {
      throw new ToolError(
        "This server was started without any roots, so it cannot read or write files; pass the image as base64 data instead.",
      );
    }
    return isAbsolute(path) ? resolve(path) : resolve(base, path);
  }

  private async assertAllowed(real: string, path: string, context: Context): Promise<void> {
    if (!this.roots.some((root) => isInside(real, root))) throw outside(path);
    const clientRoots = await this.clientRoots(context);
    if (clientRoots && !clientRoots.some((root) => isInside(real, root))) {
      throw new ToolError(`The path "${path}" is outside the roots the client shared with this server.`);
    }
  }

  /** The client's `file://` roots as real paths, or undefined when the client offers none. */
  private async clientRoots(context: Context): Promise<string[] | undefined> {
    if (!context.client.capabilities.roots) return undefined;
    let roots: Awaited<ReturnType<Context["listRoots"]>>;
    try {
      roots = await context.listRoots();
    } catch (error) {
      throw new ToolError(
        "The client did not answer roots/list, so no path can be checked against its roots.",
        { cause: error },
      );
    }
    const resolved: string[] = [];
    for (const root of roots) {
      if (!root.uri.startsWith("file:")) continue;
      try {
        resolved.push(await realpath(fileURLToPath(root.uri)));
      } catch {
        // A root that does not exist on this machine grants nothing.
      }
    }
    return resolved;
  }
}

export function isInside(path: string, root: string): boolean {
  if (path === root) return true;
  return path.startsWith(root.endsWith(sep) ? root : root + sep);
}

async function realpathOf(absolute: string, path: string): Promise<string> {
  try {
    return await realpath(absolute);
  } catch (error) {
    throw unreadable(path, error);
  }
}

function unreadable(path: string, error: unknown): ToolError {
  if (isMissing(error)) return new ToolError(`The path "${path}" does not exist.`, { cause: error });
  return new ToolError(`The path "${path}" cannot be read: ${codeOf(error)}`, { cause: error });
}

function outside(path: string): ToolError {
  return new ToolError(`The path "${path}" is outside the allowed roots.`);
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
}

export function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException | undefined)?.code ?? "unknown error";
}

import { mkdir } from "node:fs/promises";
import { type Context, PathGuard, quote, type RootSource, ToolError } from "@mcpkit/core";

/**
 * The files a call may read and the directories it may write, inside the server's roots as the
 * client's roots narrow them (core's `RootSource` and `PathGuard`: one rule for every app).
 */
export class ImagePaths {
  constructor(private readonly roots: RootSource) {}

  /** The real path of an existing file or directory inside the allowed roots. */
  async resolveExisting(path: string, context: Context): Promise<string> {
    const guard = new PathGuard(await this.roots.forCall(context));
    const resolved = await guard.resolve(path);
    if (!resolved.exists) throw new ToolError(`${quote(path)} does not exist.`);
    return resolved.real;
  }

  /**
   * The real path of a directory inside the allowed roots, created if missing, and checked again
   * once it exists, so a symlink planted on the way cannot redirect the write.
   */
  async ensureDirectory(path: string, context: Context): Promise<string> {
    const guard = new PathGuard(await this.roots.forCall(context));
    const target = await guard.resolve(path, { write: true });
    try {
      await mkdir(target.real, { recursive: true });
    } catch (error) {
      throw new ToolError(`Cannot create the directory ${quote(path)}: ${codeOf(error)}`, { cause: error });
    }
    return (await guard.resolve(path, { write: true })).real;
  }
}

export function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException | undefined)?.code ?? "unknown error";
}

import { posix } from "node:path";
import type { Context, PathGuard } from "@mcpkit/core";
import type { Limits } from "../options.js";

/** What every tool module needs: the guard for the current call's roots, and the limits. */
export interface ToolDeps {
  guardFor(context: Context): Promise<PathGuard>;
  limits: Limits;
}

/** A path below a folder, in the caller's spelling of that folder. */
export function below(display: string, relative: string): string {
  return posix.join(display, relative);
}

export const READ_ONLY = { readOnlyHint: true, openWorldHint: false } as const;

import { accessSync, constants, realpathSync } from "node:fs";
import { delimiter, join } from "node:path";
import { builtOrSource } from "./built-entry.js";
import { cliDir, findWorkspace, isInside } from "./workspace.js";

/** A process to start: what `StdioClientTransport`, `spawn` and client configs need. */
export interface Command {
  command: string;
  args: string[];
  cwd?: string;
  env?: Record<string, string>;
}

/** The URL of tsx's loader, as this CLI resolves it, so servers outside the workspace need no tsx of their own. */
export function tsxLoader(): string {
  return import.meta.resolve("tsx");
}

/**
 * Node arguments that run `entry` (which imports `loads`) whatever they are written in: built
 * JavaScript with plain node, TypeScript through tsx. A TypeScript entry inside this workspace
 * also gets the `@mcpkit/source` condition so workspace packages run from source; a built entry
 * must not, or a TypeScript file it loads would get a second copy of core from source.
 */
export function nodeArgs(entry: string, ...loads: string[]): string[] {
  const workspace = findWorkspace();
  const isTypeScript = (file: string) => /\.[cm]?tsx?$/.test(file);
  if (isTypeScript(entry) && workspace && isInside(entry, workspace))
    return ["--conditions=@mcpkit/source", "--import", tsxLoader(), entry];
  if ([entry, ...loads].some(isTypeScript)) return ["--import", tsxLoader(), entry];
  return [entry];
}

/** This CLI's own entry, built or from source, for a child that should run an mcpkit command. */
export function cliEntry(): string {
  return builtOrSource(cliDir, "main").file;
}

/** The script a child runs to serve a server file (see serve-file.ts). */
export function serveFileScript(): string {
  return builtOrSource(cliDir, "serve-file").file;
}

/**
 * This Node by a path that survives upgrades, for configs that start servers later: the first
 * `node` on PATH that is this very binary (Homebrew's /opt/homebrew/bin/node rather than the
 * versioned Cellar path `process.execPath` resolves to), else `process.execPath`.
 */
export function stableNode(path = process.env.PATH ?? ""): string {
  const self = realpathSync(process.execPath);
  for (const directory of path.split(delimiter)) {
    if (!directory) continue;
    const candidate = join(directory, process.platform === "win32" ? "node.exe" : "node");
    try {
      accessSync(candidate, constants.X_OK);
      if (realpathSync(candidate) === self) return candidate;
    } catch {
      // Not there, or not this Node: keep looking.
    }
  }
  return process.execPath;
}

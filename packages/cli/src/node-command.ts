import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { findWorkspace, isInside } from "./workspace.js";

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
 * Node arguments that run `entry` (which imports `loads`) whatever they are written in: TypeScript through tsx, and inside
 * this workspace with the `@mcpkit/source` condition so workspace packages run from source.
 */
export function nodeArgs(entry: string, ...loads: string[]): string[] {
  const workspace = findWorkspace();
  // The source condition points workspace packages at .ts files, so it always brings tsx along.
  if (workspace && isInside(entry, workspace))
    return ["--conditions=@mcpkit/source", "--import", tsxLoader(), entry];
  if ([entry, ...loads].some((file) => /\.[cm]?tsx?$/.test(file))) return ["--import", tsxLoader(), entry];
  return [entry];
}

/** This CLI's own entry, built or from source, for a child that should run an mcpkit command. */
export function cliEntry(): string {
  const built = new URL("../dist/main.js", import.meta.url);
  return fileURLToPath(existsSync(built) ? built : new URL("../src/main.ts", import.meta.url));
}

/** The bundled script a child runs to serve a server file (see serve-file.ts). */
export function serveFileScript(): string {
  const built = new URL("../dist/serve-file.js", import.meta.url);
  return fileURLToPath(existsSync(built) ? built : new URL("../src/serve-file.ts", import.meta.url));
}

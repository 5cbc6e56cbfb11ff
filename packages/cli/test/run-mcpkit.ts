import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { vi } from "vitest";
import { builtOrSource } from "../src/built-entry.js";
import { runCli } from "../src/cli.js";
import { nodeArgs } from "../src/node-command.js";

export const cliDir = fileURLToPath(new URL("..", import.meta.url));
export const workspaceDir = join(cliDir, "..", "..");
export const fixture = (name: string) => join(cliDir, "test", "fixtures", name);

/**
 * The CLI as a process: its build with plain node (`pnpm test` builds first), or its source through
 * tsx when the build is missing or older than the source, so a test never runs stale code.
 */
export const mcpkitCommand = {
  command: process.execPath,
  args: nodeArgs(builtOrSource(cliDir, "main").file),
};

/** The same for `serve-file`, the child that serves a server file: `[...serveFileArgs, file]`. */
export const serveFileArgs = nodeArgs(builtOrSource(cliDir, "serve-file").file, ".ts");

export interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `mcpkit <args>` in this process (the servers it talks to are still spawned), capturing
 * what it writes: fast, and the same code path as the binary after argument parsing.
 */
export async function mcpkit(args: string[]): Promise<Outcome> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const capture = (into: string[]) => (chunk: unknown) => {
    into.push(typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8"));
    return true;
  };
  const out = vi
    .spyOn(process.stdout, "write")
    .mockImplementation(capture(stdout) as typeof process.stdout.write);
  const err = vi
    .spyOn(process.stderr, "write")
    .mockImplementation(capture(stderr) as typeof process.stderr.write);
  try {
    const code = await runCli(args);
    return { code, stdout: stdout.join(""), stderr: stderr.join("") };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** Runs `mcpkit <args>` as its own process to completion. */
export function mcpkitProcess(
  args: string[],
  options: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<Outcome> {
  return new Promise((resolve) => {
    const env: Record<string, string | undefined> = {
      ...process.env,
      ...options.env,
      INIT_CWD: undefined,
      npm_lifecycle_event: undefined,
    };
    execFile(
      mcpkitCommand.command,
      [...mcpkitCommand.args, ...args],
      { cwd: options.cwd ?? cliDir, env, timeout: options.timeoutMs ?? 30_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** A temporary directory removed when disposed. */
export function temporaryDirectory(prefix = "mcpkit-cli-"): { path: string } & Disposable {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, [Symbol.dispose]: () => rmSync(path, { recursive: true, force: true }) };
}

import { Console } from "node:console";
import type { Writable } from "node:stream";

/** The real `process.stdout.write`, kept once stdout is guarded: protocol frames go through it alone. */
let protocolWrite: ((chunk: string | Uint8Array) => boolean) | undefined;

/**
 * Keeps fd 1 for protocol frames from now on: `process.stdout.write` and every console method
 * write to stderr instead, so neither a stray `console.log` nor a write without a newline can
 * corrupt or be glued to a frame. `serveStdio` (`mcp.run()` on stdio) calls it; call it yourself
 * first thing in a stdio server's entry point to cover output made before the server starts
 * (`mcpkit run` does so before it imports a file). Calling it again does nothing.
 *
 * @example
 * guardStdout();
 * const mcp = await createServer(); // whatever it prints goes to stderr
 * await mcp.run();
 */
export function guardStdout(): void {
  if (protocolWrite !== undefined) return;
  const { stdout, stderr } = process;
  protocolWrite = stdout.write.bind(stdout) as (chunk: string | Uint8Array) => boolean;
  stdout.write = ((...args: Parameters<typeof stderr.write>) => stderr.write(...args)) as typeof stdout.write;
  divertConsoleToStderr();
}

/** How frames are written to `output`: through the real write when it is the guarded stdout. */
export function frameWriter(output: Writable): (chunk: string | Uint8Array) => boolean {
  if (output === process.stdout && protocolWrite !== undefined) return protocolWrite;
  // Bound now: a guard installed later replaces `stdout.write`, not this original.
  return output.write.bind(output) as (chunk: string | Uint8Array) => boolean;
}

/**
 * Every console method that would write to stdout (log, info, debug, dir, dirxml, table, group,
 * count, time...) writes to stderr instead: the global console takes the methods of a Console whose
 * stdout is stderr, so one list cannot fall behind the other.
 */
function divertConsoleToStderr(): void {
  const diverted = new Console({ stdout: process.stderr, stderr: process.stderr });
  const methods = console as unknown as Record<string, unknown>;
  for (const [name, method] of Object.entries(diverted)) {
    if (typeof method === "function") methods[name] = method;
  }
}

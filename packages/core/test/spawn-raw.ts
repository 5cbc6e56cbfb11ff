import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";

/** A node child with its stdout and stderr collected as text, for tests that read the raw streams. */
export function spawnRaw(
  args: string[],
  cwd: string,
): { child: ChildProcessWithoutNullStreams; stdout: () => string; stderr: () => string } {
  const child = spawn(process.execPath, args, { cwd });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return { child, stdout: () => stdout, stderr: () => stderr };
}

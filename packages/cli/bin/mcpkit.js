#!/usr/bin/env node
// Runs the built CLI (dist/main.js), or its TypeScript source through tsx when there is no build.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import module from "node:module";
import { fileURLToPath } from "node:url";

// Node >= 22.1 keeps compiled code between runs (in the OS temp dir), so the CLI and an app it runs
// in this process start faster from the second run on; Node 20 has no such cache.
module.enableCompileCache?.();

// `pnpm mcpkit ...` from the repository root runs in the root; resolve paths where the user typed.
if (process.env.npm_lifecycle_event === "mcpkit" && process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);

const built = new URL("../dist/main.js", import.meta.url);
if (existsSync(built)) {
  await import(built.href);
} else {
  const source = fileURLToPath(new URL("../src/main.ts", import.meta.url));
  const tsx = import.meta.resolve("tsx");
  const child = spawn(
    process.execPath,
    ["--conditions=@mcpkit/source", "--import", tsx, source, ...process.argv.slice(2)],
    {
      stdio: "inherit",
    },
  );
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => {
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
}

import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { createServer, connect as tcpConnect } from "node:net";
import { CACHE_DIR } from "./build.js";
import type { Target } from "./driver.js";

/** A server under test, started; `stop()` ends it (and is a no-op for stdio, whose client owns it). */
export interface Launched {
  target: Target;
  stop(): Promise<void>;
}

/** A port the OS says is free on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts an HTTP server process on a free port (passed as PORT) and waits until it accepts
 * connections. Its stderr goes to a file (see `stderrFile`), as a desktop client's log would.
 */
export async function launchHttp(
  name: string,
  command: string,
  args: string[],
  path: string,
  env: Record<string, string> = {},
): Promise<Launched> {
  const port = await freePort();
  const log = stderrFile(name);
  const child = spawn(command, args, {
    env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "ignore", log.fd],
  });
  closeSync(log.fd);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + 10_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`HTTP server did not start: ${tail(log.path)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return {
    target: { kind: "http", url: `http://127.0.0.1:${port}${path}`, pid: child.pid },
    stop: () => stop(child, exited),
  };
}

async function stop(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 3_000);
  await exited;
  clearTimeout(timer);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/**
 * A file for a server's stderr: the server pays for its own logging (a per-request log line is
 * part of its cost, as it is under a desktop client that logs stderr to a file) and the harness
 * pays nothing for reading it.
 */
export function stderrFile(name: string): { fd: number; path: string } {
  const path = logPath(name);
  return { fd: openSync(path, "w"), path };
}

export function logPath(name: string): string {
  mkdirSync(`${CACHE_DIR}logs`, { recursive: true });
  return `${CACHE_DIR}logs/${name}.log`;
}

/** The error line of a log (else its last line), to say why a server failed. */
export function tail(path: string): string {
  try {
    const lines = readFileSync(path, "utf8").trim().split("\n");
    const error = lines.find((line) => /\b\w*Error\b/.test(line)) ?? lines.at(-1) ?? "";
    return error.trim().slice(0, 300) || "no output";
  } catch {
    return "no output";
  }
}

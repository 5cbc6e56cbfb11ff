import type { ChildProcess } from "node:child_process";
import type { JsonRpcMessage } from "../protocol/messages.js";
import type { Transport } from "../protocol/transport.js";
import { LineReader, serializeMessage } from "./line-framing.js";

/** A server to start as a child process and talk to over its stdin/stdout. */
export interface StdioServerParameters {
  command: string;
  args?: string[];
  /** Added to this process's environment. */
  env?: Record<string, string>;
  cwd?: string;
  /** The server's stderr: shown here ("inherit", the default), kept for errors ("pipe"), or dropped. */
  stderr?: "inherit" | "pipe" | "ignore";
}

const STDERR_TAIL_BYTES = 8 * 1024;

/** The client side of stdio: spawns the server and frames messages as lines. */
export class StdioClientTransport implements Transport {
  onmessage?: Transport["onmessage"];
  onclose?: Transport["onclose"];
  onerror?: Transport["onerror"];
  private child: ChildProcess | undefined;
  private stderrTail = "";
  private exited = false;

  constructor(readonly server: StdioServerParameters) {}

  /** The last few KiB the server wrote to stderr, when `stderr: "pipe"`. */
  get stderr(): string {
    return this.stderrTail;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    const { command, args = [], env, cwd, stderr = "inherit" } = this.server;
    // Loaded here, not at import: a server that never spawns one should not pay for it at start-up.
    const { spawn } = await import("node:child_process");
    return new Promise((resolve, reject) => {
      const child = spawn(command, args, {
        cwd,
        env: { ...process.env, ...env },
        stdio: ["pipe", "pipe", stderr],
        windowsHide: true,
      });
      this.child = child;
      const reader = new LineReader({
        message: (message) => this.onmessage?.(message),
        invalid: (_code, reason) => this.onerror?.(new Error(`The server wrote a bad message: ${reason}`)),
      });
      child.stdout?.on("data", (chunk: Buffer) => reader.push(chunk));
      child.stderr?.on("data", (chunk: Buffer) => {
        this.stderrTail = (this.stderrTail + chunk.toString("utf8")).slice(-STDERR_TAIL_BYTES);
      });
      child.stdin?.on("error", (error) => this.onerror?.(error));
      child.once("error", (error) => {
        this.exited = true;
        reject(new Error(`Could not start ${command}: ${error.message}`, { cause: error }));
        this.onclose?.();
      });
      child.once("spawn", () => resolve());
      child.once("close", () => {
        this.exited = true;
        this.onclose?.();
      });
    });
  }

  send(message: JsonRpcMessage): Promise<void> {
    const stdin = this.child?.stdin;
    if (!stdin || this.exited || stdin.destroyed)
      return Promise.reject(new Error("The server process is not running"));
    if (stdin.write(serializeMessage(message))) return Promise.resolve();
    return new Promise((resolve) => stdin.once("drain", resolve));
  }

  /** Closes the server's stdin and waits for it to exit, then escalates to signals. */
  async close(): Promise<void> {
    const child = this.child;
    if (!child || this.exited) return;
    const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
    child.stdin?.end();
    const waited = await Promise.race([exited.then(() => true), delay(2_000).then(() => false)]);
    if (waited) return;
    child.kill("SIGTERM");
    const terminated = await Promise.race([exited.then(() => true), delay(2_000).then(() => false)]);
    if (!terminated) child.kill("SIGKILL");
    await exited;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

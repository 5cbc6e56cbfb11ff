import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { type RpcClient, Waiters } from "./rpc-client.js";

export interface StdioCommand {
  command: string;
  args: string[];
  cwd?: string;
  env?: Record<string, string>;
  /** A file the server's stderr is appended to; else it is discarded. */
  stderrPath?: string;
}

/**
 * The minimal stdio client: newline-delimited JSON both ways, one Map lookup per response, no
 * validation. Its cost is the same for every server, and as small as a client's can be.
 */
export class StdioRpcClient implements RpcClient {
  private readonly waiters = new Waiters();
  private readonly exited: Promise<void>;
  private buffer = "";

  private constructor(private readonly child: ChildProcess) {
    child.stdout?.setEncoding("utf8");
    child.stdout?.on("data", (chunk: string) => this.receive(chunk));
    this.exited = new Promise((resolve) => child.once("exit", () => resolve()));
    child.once("exit", (code, signal) =>
      this.waiters.failAll(new Error(`server exited (${code ?? signal})`)),
    );
    child.stdin?.on("error", () => {});
  }

  static spawn(target: StdioCommand): StdioRpcClient {
    const stderr = target.stderrPath === undefined ? "ignore" : openSync(target.stderrPath, "a");
    const child = spawn(target.command, target.args, {
      cwd: target.cwd,
      env: { ...process.env, ...target.env },
      stdio: ["pipe", "pipe", stderr],
    });
    if (typeof stderr === "number") closeSync(stderr);
    return new StdioRpcClient(child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  request(method: string, params?: Record<string, unknown>): Promise<Record<string, unknown>> {
    const { id, result } = this.waiters.open();
    this.child.stdin?.write(`${JSON.stringify({ jsonrpc: "2.0", id, method, params })}\n`);
    return result;
  }

  async notify(method: string, params?: Record<string, unknown>): Promise<void> {
    this.child.stdin?.write(`${JSON.stringify({ jsonrpc: "2.0", method, params })}\n`);
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.stdin?.end();
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 3_000);
    await this.exited;
    clearTimeout(timer);
  }

  private receive(chunk: string): void {
    let start = 0;
    let newline = chunk.indexOf("\n");
    if (newline === -1) {
      this.buffer += chunk;
      return;
    }
    while (newline !== -1) {
      const line =
        start === 0 && this.buffer ? this.buffer + chunk.slice(0, newline) : chunk.slice(start, newline);
      if (start === 0) this.buffer = "";
      if (line.length > 1) this.waiters.settle(JSON.parse(line));
      start = newline + 1;
      newline = chunk.indexOf("\n", start);
    }
    this.buffer = chunk.slice(start);
  }
}

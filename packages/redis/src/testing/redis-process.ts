import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port.js";
import { stopChild } from "./stop-child.js";

/**
 * A real `redis-server` (the Debian package) for tests: loopback, an ephemeral port, a temp
 * directory, no persistence. Stopped by pid; `restart` keeps the port so clients reconnect.
 */
export class RedisProcess implements AsyncDisposable {
  private child: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts one; retries on another port if the one picked was taken in between. */
  static async start(): Promise<RedisProcess> {
    const dir = await mkdtemp(join(tmpdir(), "mcpkit-redis-"));
    let lastError: unknown;
    for (let attempt = 0; attempt < 5; attempt++) {
      const redis = new RedisProcess(await freePort(), dir);
      try {
        await redis.launch();
        return redis;
      } catch (error) {
        lastError = error;
      }
    }
    await rm(dir, { recursive: true, force: true });
    throw lastError;
  }

  /** Stops the server (SIGTERM, then SIGKILL after 5 s) and waits until it has exited. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    await stopChild(child);
  }

  /** Stops and starts again on the same port (an outage, as clients see it). */
  async restart(): Promise<void> {
    await this.stop();
    await this.launch();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
    await rm(this.dir, { recursive: true, force: true });
  }

  private launch(): Promise<void> {
    const args = ["--port", String(this.port), "--bind", "127.0.0.1", "--dir", this.dir];
    // "notice" is the quietest level that still prints the ready line waited for below.
    args.push("--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "notice");
    const child = spawn("redis-server", args, { stdio: ["ignore", "pipe", "pipe"] });
    this.child = child;
    return new Promise((resolve, reject) => {
      let output = "";
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (!output.includes("Ready to accept connections")) return;
        child.stdout?.off("data", onData);
        child.stdout?.resume();
        resolve();
      };
      child.stdout?.on("data", onData);
      child.stderr?.on("data", (chunk: Buffer) => {
        output += chunk.toString();
      });
      child.once("error", (error) =>
        reject(new Error(`Cannot start redis-server (apt-get install redis-server): ${error.message}`)),
      );
      child.once("exit", (code) =>
        reject(new Error(`redis-server exited (${code}) before it was ready:\n${output}`)),
      );
    });
  }
}

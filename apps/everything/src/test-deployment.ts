import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { HaproxyProcess, RedisProcess, stopChild } from "@mcpkit/redis/testing";

const appDir = fileURLToPath(new URL("..", import.meta.url));
const entry = ["--conditions=@mcpkit/source", "--import", "tsx", "src/main.ts"];

/** The key every replica of a test deployment seals 2026 request state with. */
export const TEST_STATE_KEY = "test-deployment-request-state-key-0123456789";

/** One `everything` process started with `--redis-url`, serving HTTP on an ephemeral port. */
export class Replica implements AsyncDisposable {
  /** Its stderr: JSON log lines, and @mcpkit/redis's plain "redis: ..." ones. */
  private log = "";
  private readonly waiters = new Set<() => void>();

  /** Its MCP endpoint, once it serves. */
  url = "";

  private constructor(
    private readonly child: ChildProcess,
    readonly name: string,
  ) {
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (chunk: string) => {
      this.log += chunk;
      for (const waiter of this.waiters) waiter();
    });
    child.once("exit", () => {
      for (const waiter of this.waiters) waiter();
    });
  }

  get port(): number {
    return Number(new URL(this.url).port);
  }

  /** Spawns a replica with `parentEnv` and the shared state key, and waits for its "serving" line. */
  static async start(
    name: string,
    redisUrl: string,
    args: readonly string[],
    parentEnv: NodeJS.ProcessEnv,
  ): Promise<Replica> {
    const child = spawn(
      process.execPath,
      [...entry, "--transport", "http", "--port", "0", "--redis-url", redisUrl, ...args],
      {
        cwd: appDir,
        stdio: ["ignore", "ignore", "pipe"],
        env: { ...parentEnv, MCPKIT_REQUEST_STATE_KEY: TEST_STATE_KEY },
      },
    );
    const replica = new Replica(child, name);
    try {
      const line = await replica.waitForLine(
        (entry) => typeof entry.url === "string" && /^serving/.test(entry.msg),
      );
      replica.url = line.url as string;
    } catch (error) {
      await replica[Symbol.asyncDispose]();
      throw error;
    }
    return replica;
  }

  /** The log lines so far, parsed. */
  lines(): Record<string, unknown>[] {
    return this.log
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  /**
   * Waits for the first log line `match` accepts, as lines arrive; fails when the process exits
   * first. Only a hang reaches the outer test timeout.
   */
  waitForLine(
    match: (entry: { msg: string } & Record<string, unknown>) => boolean,
  ): Promise<Record<string, unknown>> {
    return this.waitFor(() => this.lines().find((entry) => match(entry as { msg: string })));
  }

  /** Waits until `check` returns a value, re-checked on every chunk of log; fails when the process exits. */
  waitFor<T>(check: () => T | undefined): Promise<T> {
    return new Promise((resolve, reject) => {
      const attempt = () => {
        const found = check();
        if (found !== undefined) {
          this.waiters.delete(attempt);
          resolve(found);
        } else if (this.child.exitCode !== null || this.child.signalCode !== null) {
          this.waiters.delete(attempt);
          reject(
            new Error(
              `replica ${this.name} exited (${this.child.exitCode ?? this.child.signalCode}):\n${this.log}`,
            ),
          );
        }
      };
      this.waiters.add(attempt);
      attempt();
    });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await stopChild(this.child);
  }
}

/**
 * A deployment on one machine: a real redis-server, three `everything` replicas on it (spawned
 * from source with `--redis-url`), and HAProxy balancing requests round robin over them, with no
 * stickiness. Everything is on loopback and ephemeral ports, and stopped by pid on dispose.
 */
export class Deployment implements AsyncDisposable {
  private constructor(
    readonly redis: RedisProcess,
    readonly replicas: readonly [Replica, Replica, Replica],
    readonly proxy: HaproxyProcess,
  ) {}

  /** The load balancer's MCP endpoint. */
  get url(): string {
    return `${this.proxy.url}/mcp`;
  }

  /**
   * Starts Redis, the replicas (each given `args`, and `parentEnv`: the test's `process.env`, for
   * PATH and the like) and the proxy; on failure stops what started.
   */
  static async start(parentEnv: NodeJS.ProcessEnv, args: readonly string[] = []): Promise<Deployment> {
    const redis = await RedisProcess.start();
    const replicas: Replica[] = [];
    try {
      const starts = await Promise.allSettled(
        ["a", "b", "c"].map((name) =>
          Replica.start(name, redis.url, ["--log-level", "info", ...args], parentEnv),
        ),
      );
      for (const start of starts) if (start.status === "fulfilled") replicas.push(start.value);
      const failed = starts.find((start) => start.status === "rejected");
      if (failed) throw failed.reason;
      const [a, b, c] = replicas as [Replica, Replica, Replica];
      const proxy = await HaproxyProcess.start([a.port, b.port, c.port]);
      return new Deployment(redis, [a, b, c], proxy);
    } catch (error) {
      await Promise.all(replicas.map((replica) => replica[Symbol.asyncDispose]()));
      await redis[Symbol.asyncDispose]();
      throw error;
    }
  }

  /** Waits until `check` returns a value, re-checked whenever any replica logs. */
  waitFor<T>(check: () => T | undefined): Promise<T> {
    return Promise.race(this.replicas.map((replica) => replica.waitFor(check)));
  }

  /** Each replica's `tools/call` log lines, once they number `count` in all. */
  async toolCalls(count: number): Promise<Record<string, unknown>[][]> {
    const calls = () =>
      this.replicas.map((replica) => replica.lines().filter((line) => line.msg === "tools/call"));
    return this.waitFor(() => {
      const found = calls();
      return found.flat().length >= count ? found : undefined;
    });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.proxy[Symbol.asyncDispose]();
    await Promise.all(this.replicas.map((replica) => replica[Symbol.asyncDispose]()));
    await this.redis[Symbol.asyncDispose]();
  }
}

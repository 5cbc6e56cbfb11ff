import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port.js";
import { stopChild } from "./stop-child.js";

/**
 * A real HAProxy (the Debian package) in front of replicas, for tests: round robin, no
 * stickiness, loopback only, its config in a temp directory, stopped by pid.
 */
export class HaproxyProcess implements AsyncDisposable {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    private readonly dir: string,
  ) {}

  /** The load balancer's base URL, e.g. `http://127.0.0.1:40123`. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Starts HAProxy balancing over `backends` (ports on 127.0.0.1). */
  static async start(backends: readonly number[]): Promise<HaproxyProcess> {
    const dir = await mkdtemp(join(tmpdir(), "mcpkit-haproxy-"));
    const port = await freePort();
    const config = join(dir, "haproxy.cfg");
    await writeFile(config, haproxyConfig(port, backends));
    // -db: stay in the foreground, so the pid is HAProxy's own and stopping it stops it.
    const child = spawn("haproxy", ["-db", "-f", config], { stdio: ["ignore", "ignore", "pipe"] });
    let output = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    const proxy = new HaproxyProcess(child, port, dir);
    try {
      await waitForPort(port, child, () => output);
    } catch (error) {
      await proxy[Symbol.asyncDispose]();
      throw error;
    }
    return proxy;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await stopChild(this.child);
    await rm(this.dir, { recursive: true, force: true });
  }
}

/**
 * Round robin per request (HAProxy balances each request of a kept-alive client connection),
 * no cookies, no stickiness; long timeouts so SSE streams stay open; `/health` checks take a dead
 * replica out of the rotation.
 */
export function haproxyConfig(port: number, backends: readonly number[]): string {
  const servers = backends.map(
    (backend, index) => `  server replica${index} 127.0.0.1:${backend} check inter 500ms fall 2 rise 1`,
  );
  return [
    "global",
    "  maxconn 2000",
    "defaults",
    "  mode http",
    "  timeout connect 2s",
    "  timeout client 5m",
    "  timeout server 5m",
    "  timeout http-request 10s",
    "frontend mcp",
    `  bind 127.0.0.1:${port}`,
    "  default_backend replicas",
    "backend replicas",
    "  balance roundrobin",
    "  option httpchk GET /health",
    "  retry-on conn-failure empty-response",
    "  retries 2",
    "  option redispatch 1",
    ...servers,
    "",
  ].join("\n");
}

async function waitForPort(port: number, child: ChildProcess, output: () => string): Promise<void> {
  for (let tries = 0; tries < 500; tries++) {
    if (child.exitCode !== null) throw new Error(`haproxy exited (${child.exitCode}):\n${output()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`haproxy did not listen on ${port}:\n${output()}`);
}

import { Console } from "node:console";
import type { Readable, Writable } from "node:stream";
import type { Engine } from "../engine/engine.js";
import type { RunningServer } from "../engine/running-server.js";
import type { JsonRpcMessage } from "../protocol/messages.js";
import type { Transport } from "../protocol/transport.js";
import { LineReader, serializeMessage } from "./line-framing.js";

/** The server side of stdio: JSON-RPC messages as lines on stdin and stdout. */
export class StdioServerTransport implements Transport {
  onmessage?: Transport["onmessage"];
  onclose?: Transport["onclose"];
  onerror?: Transport["onerror"];
  private closed = false;
  private queued = "";
  private flushScheduled = false;
  /** Set while the output is full: later sends wait for it to drain. */
  private drained: Promise<void> | undefined;

  constructor(
    readonly input: Readable = process.stdin,
    private readonly output: Writable = process.stdout,
  ) {}

  async start(): Promise<void> {
    const reader = new LineReader({
      message: (message) => this.onmessage?.(message),
      invalid: (code, reason) =>
        void this.send({ jsonrpc: "2.0", id: null, error: { code, message: reason } }),
    });
    this.input.on("data", (chunk: Buffer) => reader.push(chunk));
    this.input.once("end", () => void this.close());
    this.input.once("close", () => void this.close());
    this.input.on("error", (error) => this.onerror?.(error));
    this.output.on("error", (error) => this.onerror?.(error));
  }

  /**
   * Queues the message and writes everything queued in one go once the current burst of work is
   * done (a `nextTick` after the microtasks that produced it): with many requests in flight, one
   * write syscall carries many responses instead of one each. Order is kept.
   */
  send(message: JsonRpcMessage): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.queued += serializeMessage(message);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      process.nextTick(this.flush);
    }
    return this.drained ?? Promise.resolve();
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    const text = this.queued;
    this.queued = "";
    if (this.output.write(text) || this.drained) return;
    this.drained = new Promise((resolve) =>
      this.output.once("drain", () => {
        this.drained = undefined;
        resolve();
      }),
    );
  };

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.input.pause();
    this.onclose?.();
  }
}

/** Bounds how long shutdown waits for in-flight work and the lifespan's cleanup. */
const SHUTDOWN_GRACE_MS = 5_000;

/**
 * Serves `server` on this process's stdin/stdout until stdin closes or a SIGINT/SIGTERM arrives,
 * then shuts down cleanly and exits. While serving, every console method writes to stderr so that
 * a stray log line cannot corrupt the protocol stream.
 */
export async function serveStdio(server: Engine): Promise<RunningServer> {
  divertConsoleToStderr();
  const transport = new StdioServerTransport();
  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });
  let stopping = false;
  const stop = async (exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    const timer = setTimeout(() => process.exit(exitCode), SHUTDOWN_GRACE_MS);
    timer.unref();
    try {
      await server.close();
    } catch (error) {
      server.logger.error("shutdown failed", error);
      exitCode = 1;
    }
    resolveClosed();
    process.exit(exitCode);
  };
  await server.connect(transport);
  transport.input.once("end", () => void stop());
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());
  server.logger.log("info", "serving on stdio");
  if (process.stdin.isTTY) {
    process.stderr.write(
      `${server.name} is an MCP server speaking JSON-RPC on stdin/stdout: start it from an MCP client ` +
        "(see `mcpkit install`), or try it with `mcpkit dev` or the MCP Inspector. Ctrl+C stops it.\n",
    );
  }
  return { close: () => stop(), closed };
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

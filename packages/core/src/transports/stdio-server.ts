import type { Readable, Writable } from "node:stream";
import type { Engine } from "../engine/engine.js";
import type { RunningServer } from "../engine/running-server.js";
import { stringifyJsonRpc } from "../protocol/json-rpc-text.js";
import type { JsonRpcMessage } from "../protocol/messages.js";
import type { Transport } from "../protocol/transport.js";
import { LineReader } from "./line-framing.js";
import { LineWriter } from "./line-writer.js";
import { guardStdout } from "./stdout-guard.js";

/** Options of a stdio server transport. */
export interface StdioServerOptions {
  /**
   * Bytes of answers the client has not read yet past which no new request is read (the client
   * is slow, or stopped reading), until what is queued drains: memory stays bounded however many
   * big results are asked for. Default 16 MiB.
   */
  maxQueuedBytes?: number;
}

/**
 * The server side of stdio: JSON-RPC messages as lines on stdin and stdout.
 *
 * @example
 * await mcp.connect(new StdioServerTransport(process.stdin, process.stdout, { maxQueuedBytes: 64 << 20 }));
 */
export class StdioServerTransport implements Transport {
  onmessage?: Transport["onmessage"];
  onclose?: Transport["onclose"];
  onerror?: Transport["onerror"];
  private closed = false;
  private readonly writer: LineWriter;

  constructor(
    readonly input: Readable = process.stdin,
    output: Writable = process.stdout,
    options: StdioServerOptions = {},
  ) {
    this.writer = new LineWriter(output, (full) => this.onFull(full), options.maxQueuedBytes);
    output.on("error", (error) => this.onerror?.(error));
  }

  /** Answers written that the client has not read yet, and whether reading waits for them. */
  get outputQueue(): { bytes: number; full: boolean; drainWaits: number } {
    const writer = this.writer;
    return { bytes: writer.queuedBytes, full: writer.full, drainWaits: writer.drainCount };
  }

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
  }

  /**
   * Serialises the message once and queues it; the writer sends a burst's answers together and
   * resolves once the output has room. Throws the `TypeError` of a value JSON cannot hold.
   */
  send(message: JsonRpcMessage): Promise<void> {
    if (this.closed) return Promise.resolve();
    return this.writer.write(stringifyJsonRpc(message));
  }

  private onFull(full: boolean): void {
    if (this.closed) return;
    if (full) this.input.pause();
    else this.input.resume();
  }

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
 * then shuts down cleanly and exits. It guards stdout first (`guardStdout`): `console.*` and
 * `process.stdout.write` go to stderr, so that nothing but protocol frames reaches fd 1.
 */
export async function serveStdio(server: Engine): Promise<RunningServer> {
  guardStdout();
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

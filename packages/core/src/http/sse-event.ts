import { stringifyJsonRpc } from "../protocol/json-rpc-text.js";
import type { JsonRpcMessage } from "../protocol/messages.js";
import { RequestTable } from "../protocol/request-table.js";
import type { EventSink } from "./http-exchange.js";

/** Headers of every SSE response. */
export const SSE_HEADERS = {
  "Content-Type": "text/event-stream",
  "Cache-Control": "no-cache, no-transform",
  Connection: "keep-alive",
  "X-Accel-Buffering": "no",
} as const;

/** How long a client waits before reconnecting to a stream the server closed (SEP-1699). */
export const RETRY_MS = 1_000;

export function messageEvent(message: JsonRpcMessage, id?: string): string {
  return `${id === undefined ? "" : `id: ${id}\n`}event: message\ndata: ${stringifyJsonRpc(message)}\n\n`;
}

export function writeMessage(sink: EventSink, message: JsonRpcMessage, id?: string): void {
  sink.write(messageEvent(message, id));
}

/** An event with an id and no data, so a client can resume from here (SEP-1699 priming). */
export function writePriming(sink: EventSink, id: string): void {
  sink.write(`id: ${id}\nretry: ${RETRY_MS}\ndata: \n\n`);
}

const MIN_SWEEP = 64;

/**
 * Writes an SSE comment on streams that have been quiet for `intervalMs`, so proxies and load
 * balancers do not cut long calls. One timer serves every stream.
 */
export class KeepAlive {
  /**
   * Watched streams by ticket. A `RequestTable` rather than a `Set`: one entry comes and goes per
   * POST, and a `Set` under that churn keeps garbage alive after a full GC (see RequestTable).
   */
  private readonly sinks = new RequestTable<EventSink>();
  private lastTicket = 0;
  private readonly timer: NodeJS.Timeout;
  /** The size at which `watch` next drops ended streams: twice the live ones, amortised O(1). */
  private sweepAt = MIN_SWEEP;

  constructor(private readonly intervalMs: number) {
    this.timer = setInterval(() => this.tick(), Math.max(10, Math.floor(intervalMs / 2)));
    this.timer.unref();
  }

  /** Streams watched, ended ones included until the next sweep. */
  get size(): number {
    return this.sinks.size;
  }

  /** Watches `sink` until it ends or its ticket is given to `forget`. */
  watch(sink: EventSink): number {
    const ticket = ++this.lastTicket;
    this.sinks.set(ticket, sink);
    // Streams that end without `forget` (a client closing a GET stream, say) are dropped here, so
    // that a busy server never holds the responses of a whole half interval.
    if (this.sinks.size >= this.sweepAt) {
      for (const [id, watched] of this.sinks.entries()) if (watched.closed) this.sinks.delete(id);
      this.sweepAt = Math.max(MIN_SWEEP, this.sinks.size * 2);
    }
    return ticket;
  }

  /**
   * Stops watching a stream that is done; a POST's stream usually is within milliseconds. Finished
   * streams left here until a sweep were caught by full collections, and from then on
   * young-generation collections kept ~6 KB a call alive until the next full one (bench/README.md,
   * "HTTP stateful").
   */
  forget(ticket: number): void {
    this.sinks.delete(ticket);
  }

  stop(): void {
    clearInterval(this.timer);
    this.sinks.clear();
  }

  private tick(): void {
    const due = Date.now() - this.intervalMs;
    for (const [id, sink] of this.sinks.entries()) {
      if (sink.closed) this.sinks.delete(id);
      else if (sink.lastWrite <= due) sink.write(": keep-alive\n\n");
    }
  }
}

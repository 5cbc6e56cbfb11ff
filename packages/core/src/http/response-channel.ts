import { ErrorCode, type JsonRpcMessage, type RequestId } from "../protocol/messages.js";
import type { EventSink } from "./http-exchange.js";
import { messageEvent, writeMessage } from "./sse-event.js";

/** How a POST is answered; chosen by `ResponseChannel.json` or `ResponseChannel.stream`. */
type Mode =
  | {
      kind: "json";
      /** Sends the collected answers; an empty list means every request was cancelled. */
      respond: (messages: JsonRpcMessage[]) => void;
      /** Switches this POST to an SSE stream, when the client accepts one. */
      upgrade: (() => EventSink) | undefined;
      collected: JsonRpcMessage[];
    }
  | { kind: "stream"; sink: EventSink | undefined; streamId: number | undefined };

/**
 * Where the answers to one POST go: an SSE stream that ends after the last answer, or a JSON body
 * sent once every request in the POST is answered. Either way the exchange ends when nothing is
 * pending: a cancelled request gets no answer (spec: cancellation), but it no longer holds the
 * POST open. A primed SSE stream (one with event ids) may be closed by the server before it is
 * answered (SEP-1699 polling); what follows is kept until the client resumes with GET and
 * `Last-Event-ID`.
 */
export class ResponseChannel {
  private eventCount = 0;
  private backlog: string[] | undefined;
  private detachTimer: NodeJS.Timeout | undefined;

  private constructor(
    readonly pending: Set<RequestId>,
    private mode: Mode,
    /** Runs once, when every request is answered or the channel is given up. */
    private readonly settled: () => void,
  ) {}

  /**
   * Answers with one JSON body. Notifications sent for these requests before their answer would
   * otherwise race it on the GET stream; with `upgrade` (the client accepts SSE) the first one
   * turns this POST into an SSE stream instead, so they arrive first, on the same exchange.
   */
  static json(
    pending: Set<RequestId>,
    respond: (messages: JsonRpcMessage[]) => void,
    upgrade: (() => EventSink) | undefined,
    settled: () => void,
  ): ResponseChannel {
    return new ResponseChannel(pending, { kind: "json", respond, upgrade, collected: [] }, settled);
  }

  /** Answers on an SSE stream; with a `streamId` its events have ids and it can be resumed. */
  static stream(
    pending: Set<RequestId>,
    sink: EventSink,
    streamId: number | undefined,
    settled: () => void,
  ): ResponseChannel {
    return new ResponseChannel(pending, { kind: "stream", sink, streamId }, settled);
  }

  get done(): boolean {
    return this.pending.size === 0;
  }

  get streamId(): number | undefined {
    return this.mode.kind === "stream" ? this.mode.streamId : undefined;
  }

  /** True while the server closed the stream and the client has not resumed it yet. */
  get detached(): boolean {
    return this.backlog !== undefined;
  }

  /** Writes a message related to one of this POST's requests (progress, logs, sampling). */
  event(message: JsonRpcMessage): boolean {
    if (this.backlog) {
      this.backlog.push(messageEvent(message, this.nextEventId()));
      return true;
    }
    const sink = this.sink();
    if (!sink || sink.closed) return false;
    writeMessage(sink, message, this.nextEventId());
    return true;
  }

  answer(id: RequestId, message: JsonRpcMessage): void {
    if (!this.pending.delete(id)) return;
    const done = this.done;
    if (this.backlog) this.backlog.push(messageEvent(message, this.nextEventId()));
    else if (this.mode.kind === "json") this.mode.collected.push(message);
    else if (this.mode.sink) {
      // The last answer and the end go out together, in one packet where the server allows.
      const event = messageEvent(message, this.nextEventId());
      if (done) this.mode.sink.end(event);
      else this.mode.sink.write(event);
    }
    if (done) this.finish();
  }

  /** A request the client cancelled: it gets no answer, and the POST no longer waits for it. */
  drop(id: RequestId): void {
    if (this.pending.delete(id) && this.done) this.finish();
  }

  /** Closes the stream after `ms` if it is still unanswered, for the client to resume later. */
  detachAfter(ms: number): void {
    this.detachTimer = setTimeout(() => {
      const mode = this.mode;
      if (this.done || mode.kind !== "stream" || !mode.sink || mode.streamId === undefined) return;
      this.backlog = [];
      mode.sink.end();
      mode.sink = undefined;
    }, ms);
    this.detachTimer.unref();
  }

  /** Continues a detached stream on `sink`: replays what was kept, then carries on or ends. */
  resume(sink: EventSink): void {
    const backlog = this.backlog ?? [];
    this.backlog = undefined;
    const last = this.done ? backlog.pop() : undefined;
    for (const event of backlog) sink.write(event);
    if (this.done) sink.end(last);
    else if (this.mode.kind === "stream") this.mode.sink = sink;
  }

  /** Answers whatever is still pending with an error, e.g. when the session closes. */
  fail(message: string): void {
    for (const id of [...this.pending]) {
      this.answer(id, { jsonrpc: "2.0", id, error: { code: ErrorCode.ConnectionClosed, message } });
    }
    if (this.mode.kind === "stream") this.mode.sink?.end();
  }

  /** The client went away: nothing more can be delivered. */
  abandon(): void {
    clearTimeout(this.detachTimer);
    this.pending.clear();
    this.settled();
  }

  /** The stream to write events on, upgrading a JSON answer when the client allows it. */
  private sink(): EventSink | undefined {
    const mode = this.mode;
    if (mode.kind === "stream") return mode.sink;
    if (!mode.upgrade) return undefined;
    const sink = mode.upgrade();
    for (const message of mode.collected) writeMessage(sink, message);
    this.mode = { kind: "stream", sink, streamId: undefined };
    return sink;
  }

  private finish(): void {
    clearTimeout(this.detachTimer);
    const mode = this.mode;
    if (mode.kind === "json") mode.respond(mode.collected);
    else if (!this.backlog) mode.sink?.end();
    this.settled();
  }

  private nextEventId(): string | undefined {
    const streamId = this.streamId;
    return streamId === undefined ? undefined : `${streamId}_${++this.eventCount}`;
  }
}

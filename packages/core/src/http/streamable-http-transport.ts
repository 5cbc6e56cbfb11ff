import { ErrorCode, type JsonRpcMessage, type RequestId } from "../protocol/messages.js";
import { RequestTable } from "../protocol/request-table.js";
import type { MessageExtra, SendOptions, Transport } from "../protocol/transport.js";
import type { EventSink, HttpExchange } from "./http-exchange.js";
import { messageEvent, writeMessage } from "./sse-event.js";

/**
 * Where the answers to one POST go: an SSE stream that ends after the last answer, or a JSON body
 * sent once every request in the POST is answered. A primed SSE stream (one with event ids) may be
 * closed by the server before it is answered (SEP-1699 polling); what follows is kept until the
 * client resumes with GET and `Last-Event-ID`.
 */
export class ResponseChannel {
  private readonly collected: JsonRpcMessage[] = [];
  private eventCount = 0;
  private stream: EventSink | undefined;
  private backlog: string[] | undefined;
  private detachTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly pending: Set<RequestId>,
    sink: EventSink | undefined,
    private readonly sendJson: ((messages: JsonRpcMessage[]) => void) | undefined,
    readonly streamId: number | undefined,
    /** Runs once, when every request is answered or the channel is given up. */
    private readonly settled: () => void,
  ) {
    this.stream = sink;
  }

  get done(): boolean {
    return this.pending.size === 0;
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
    if (!this.stream || this.stream.closed) return false;
    writeMessage(this.stream, message, this.nextEventId());
    return true;
  }

  answer(id: RequestId, message: JsonRpcMessage): void {
    if (!this.pending.delete(id)) return;
    if (this.backlog) {
      this.backlog.push(messageEvent(message, this.nextEventId()));
    } else if (this.stream) {
      const event = messageEvent(message, this.nextEventId());
      if (this.done) this.stream.end(event);
      else this.stream.write(event);
    } else {
      this.collected.push(message);
      if (this.done) this.sendJson?.(this.collected);
    }
    if (this.done) {
      clearTimeout(this.detachTimer);
      this.settled();
    }
  }

  /** Closes the stream after `ms` if it is still unanswered, for the client to resume later. */
  detachAfter(ms: number): void {
    this.detachTimer = setTimeout(() => {
      if (this.done || !this.stream || this.streamId === undefined) return;
      this.backlog = [];
      this.stream.end();
      this.stream = undefined;
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
    else this.stream = sink;
  }

  /** Answers whatever is still pending with an error, e.g. when the session closes. */
  fail(message: string): void {
    for (const id of [...this.pending]) {
      this.answer(id, { jsonrpc: "2.0", id, error: { code: ErrorCode.ConnectionClosed, message } });
    }
    this.stream?.end();
  }

  /** The client went away: nothing more can be delivered. */
  abandon(): void {
    clearTimeout(this.detachTimer);
    this.pending.clear();
    this.settled();
  }

  private nextEventId(): string | undefined {
    return this.streamId === undefined ? undefined : `${this.streamId}_${++this.eventCount}`;
  }
}

/**
 * The server side of one Streamable HTTP session. The HTTP handler feeds it each POST's messages
 * with the channel their answers belong to; `send` routes every outgoing message to the stream of
 * the request it relates to, else to the session's standalone GET stream.
 */
export class StreamableHttpTransport implements Transport {
  onmessage?: Transport["onmessage"];
  onclose?: Transport["onclose"];
  onerror?: Transport["onerror"];
  protocolVersion: string | undefined;
  /** The standalone stream a client opened with GET, if any. */
  standalone: EventSink | undefined;
  lastActivity = Date.now();
  closed = false;
  private readonly channels = new RequestTable<ResponseChannel>();
  /** Primed POST streams by stream id, while they may still be resumed. */
  private readonly streams = new RequestTable<ResponseChannel>();
  private streamCount = 0;

  constructor(
    readonly sessionId: string | undefined,
    private readonly ended?: (transport: StreamableHttpTransport) => void,
  ) {}

  async start(): Promise<void> {}

  setProtocolVersion(version: string): void {
    this.protocolVersion = version;
  }

  /** True while some POST still waits for answers. */
  get busy(): boolean {
    return this.channels.size > 0;
  }

  receive(messages: JsonRpcMessage[], extra: MessageExtra, channel?: ResponseChannel): void {
    this.lastActivity = Date.now();
    if (channel) {
      for (const id of channel.pending) this.channels.set(id, channel);
      if (channel.streamId !== undefined) this.streams.set(channel.streamId, channel);
    }
    for (const message of messages) this.onmessage?.(message, extra);
  }

  /** The client went away before `channel` was answered: cancel what it was waiting for. */
  abandon(channel: ResponseChannel): void {
    const abandoned = [...channel.pending];
    channel.abandon();
    if (channel.streamId !== undefined) this.streams.delete(channel.streamId);
    for (const requestId of abandoned) {
      this.channels.delete(requestId);
      this.onmessage?.({
        jsonrpc: "2.0",
        method: "notifications/cancelled",
        params: { requestId, reason: "The client disconnected" },
      });
    }
  }

  async send(message: JsonRpcMessage, options?: SendOptions): Promise<void> {
    if (this.closed) return;
    if (!("method" in message)) {
      const channel = message.id === null ? undefined : this.channels.get(message.id);
      if (channel && message.id !== null) {
        this.channels.delete(message.id);
        channel.answer(message.id, message);
        this.forgetIfFinished(channel);
      }
      return;
    }
    const related = options?.relatedRequestId;
    if (related !== undefined && this.channels.get(related)?.event(message)) return;
    if (this.standalone && !this.standalone.closed) writeMessage(this.standalone, message);
  }

  /** Whether `lastEventId` names a POST stream the server closed early and the client may resume. */
  streamCanResume(lastEventId: string): boolean {
    return this.resumable(lastEventId) !== undefined;
  }

  /** Continues that stream on `sink`; a client leaving it again cancels what is still pending. */
  resume(lastEventId: string, sink: EventSink, exchange: Pick<HttpExchange, "onAbort">): void {
    const channel = this.resumable(lastEventId);
    if (!channel) return;
    this.lastActivity = Date.now();
    channel.resume(sink);
    this.forgetIfFinished(channel);
    exchange.onAbort(() => {
      if (!channel.done) this.abandon(channel);
    });
  }

  /**
   * An id for a new primed stream. Event ids are `<stream>_<n>`, unique within the session as the
   * spec asks; a counter rather than a random id keeps the table of streams integer-keyed.
   */
  openStreamId(): number {
    return ++this.streamCount;
  }

  private resumable(lastEventId: string): ResponseChannel | undefined {
    const stream = lastEventId.slice(0, lastEventId.lastIndexOf("_"));
    if (!/^[1-9]\d{0,15}$/.test(stream)) return undefined;
    const channel = this.streams.get(Number(stream));
    return channel?.detached ? channel : undefined;
  }

  private forgetIfFinished(channel: ResponseChannel): void {
    if (channel.done && !channel.detached && channel.streamId !== undefined)
      this.streams.delete(channel.streamId);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const channels = new Set(this.channels.values());
    this.channels.clear();
    this.streams.clear();
    for (const channel of channels) channel.fail("The session was closed");
    this.standalone?.end();
    this.ended?.(this);
    this.onclose?.();
  }
}

import { ErrorCode, type JsonRpcMessage, type RequestId } from "../protocol/messages.js";
import type { MessageExtra, SendOptions, Transport } from "../protocol/transport.js";
import type { EventSink } from "./http-exchange.js";
import { messageEvent, writeMessage } from "./sse-event.js";

/**
 * Where the answers to one POST go: an SSE stream that ends after the last answer, or a JSON body
 * sent once every request in the POST is answered.
 */
export class ResponseChannel {
  private readonly collected: JsonRpcMessage[] = [];
  private eventCount = 0;

  constructor(
    readonly pending: Set<RequestId>,
    readonly sink: EventSink | undefined,
    private readonly sendJson: ((messages: JsonRpcMessage[]) => void) | undefined,
    private readonly streamId: string | undefined,
    /** Runs once, when every request is answered or the channel is given up. */
    private readonly settled: () => void,
  ) {}

  get done(): boolean {
    return this.pending.size === 0;
  }

  /** Writes a message related to one of this POST's requests (progress, logs, sampling). */
  event(message: JsonRpcMessage): boolean {
    if (!this.sink || this.sink.closed) return false;
    writeMessage(this.sink, message, this.nextEventId());
    return true;
  }

  answer(id: RequestId, message: JsonRpcMessage): void {
    if (!this.pending.delete(id)) return;
    if (this.sink) {
      const event = messageEvent(message, this.nextEventId());
      if (this.done) this.sink.end(event);
      else this.sink.write(event);
    } else {
      this.collected.push(message);
      if (this.done) this.sendJson?.(this.collected);
    }
    if (this.done) this.settled();
  }

  /** Answers whatever is still pending with an error, e.g. when the session closes. */
  fail(message: string): void {
    for (const id of [...this.pending]) {
      this.answer(id, { jsonrpc: "2.0", id, error: { code: ErrorCode.ConnectionClosed, message } });
    }
  }

  /** The client went away: nothing more can be delivered. */
  abandon(): void {
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
  private readonly channels = new Map<RequestId, ResponseChannel>();

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
    if (channel) for (const id of channel.pending) this.channels.set(id, channel);
    for (const message of messages) this.onmessage?.(message, extra);
  }

  /** The client went away before `channel` was answered: cancel what it was waiting for. */
  abandon(channel: ResponseChannel): void {
    const abandoned = [...channel.pending];
    channel.abandon();
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
      }
      return;
    }
    const related = options?.relatedRequestId;
    if (related !== undefined && this.channels.get(related)?.event(message)) return;
    if (this.standalone && !this.standalone.closed) writeMessage(this.standalone, message);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const channels = new Set(this.channels.values());
    this.channels.clear();
    for (const channel of channels) channel.fail("The session was closed");
    this.standalone?.end();
    this.ended?.(this);
    this.onclose?.();
  }
}

import type { JsonRpcMessage } from "../protocol/messages.js";
import { RequestTable } from "../protocol/request-table.js";
import type { MessageExtra, SendOptions, Transport } from "../protocol/transport.js";
import type { EventSink, HttpExchange } from "./http-exchange.js";
import type { ResponseChannel } from "./response-channel.js";
import { writeMessage } from "./sse-event.js";

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
    for (const message of messages) {
      if ("method" in message && message.method === "notifications/cancelled") this.cancelled(message);
      this.onmessage?.(message, extra);
    }
  }

  /** A cancelled request is never answered (spec), so its POST stops waiting for it now. */
  private cancelled(message: JsonRpcMessage): void {
    const requestId = (message as { params?: { requestId?: unknown } }).params?.requestId;
    if (typeof requestId !== "string" && typeof requestId !== "number") return;
    const channel = this.channels.get(requestId);
    if (!channel) return;
    this.channels.delete(requestId);
    channel.drop(requestId);
    this.forgetIfFinished(channel);
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

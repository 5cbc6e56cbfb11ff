import { isRequest, isResponse, type JsonRpcMessage, type RequestId } from "../protocol/messages.js";
import type { MessageExtra, Transport } from "../protocol/transport.js";
import type { EventSink } from "./http-exchange.js";
import { writeMessage } from "./sse-event.js";

/**
 * The server side of the legacy HTTP+SSE transport (protocol 2024-11-05): the client holds one
 * GET stream open for everything the server sends and POSTs its own messages to a second URL.
 */
export class LegacySseTransport implements Transport {
  onmessage?: Transport["onmessage"];
  onclose?: Transport["onclose"];
  onerror?: Transport["onerror"];
  closed = false;
  /** Requests received and not yet answered, so shutdown can wait for them. */
  readonly pending = new Set<RequestId>();

  constructor(
    readonly sessionId: string,
    private readonly sink: EventSink,
    private readonly ended: (transport: LegacySseTransport) => void,
  ) {}

  async start(): Promise<void> {}

  receive(messages: JsonRpcMessage[], extra: MessageExtra): void {
    for (const message of messages) {
      if (isRequest(message)) this.pending.add(message.id);
      this.onmessage?.(message, extra);
    }
  }

  async send(message: JsonRpcMessage): Promise<void> {
    if (this.closed) return;
    if (isResponse(message) && message.id !== null) this.pending.delete(message.id);
    writeMessage(this.sink, message);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.sink.end();
    this.ended(this);
    this.onclose?.();
  }
}

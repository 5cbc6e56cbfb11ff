import { parseJsonRpc, stringifyJsonRpc } from "../protocol/json-rpc-text.js";
import type { JsonRpcMessage } from "../protocol/messages.js";
import type { MessageExtra, Transport } from "../protocol/transport.js";

/**
 * One end of an in-process channel. Messages are copied through JSON, as on a real wire, and
 * delivered in order on a later microtask.
 */
export class InMemoryTransport implements Transport {
  onmessage?: Transport["onmessage"];
  onclose?: Transport["onclose"];
  onerror?: Transport["onerror"];
  private peer: InMemoryTransport | undefined;
  private closed = false;
  private readonly backlog: Array<{ message: JsonRpcMessage; extra: MessageExtra | undefined }> = [];
  private started = false;

  /** Two connected ends: what one sends, the other receives. */
  static createLinkedPair(): [InMemoryTransport, InMemoryTransport] {
    const a = new InMemoryTransport();
    const b = new InMemoryTransport();
    a.peer = b;
    b.peer = a;
    return [a, b];
  }

  /** Extra information delivered with every message this end receives (e.g. a verified identity). */
  extra: MessageExtra | undefined;

  async start(): Promise<void> {
    this.started = true;
    for (const { message, extra } of this.backlog.splice(0)) this.onmessage?.(message, extra);
  }

  async send(message: JsonRpcMessage): Promise<void> {
    const peer = this.peer;
    if (this.closed || !peer || peer.closed) throw new Error("The in-memory transport is closed");
    const copy = parseJsonRpc(stringifyJsonRpc(message)) as JsonRpcMessage;
    queueMicrotask(() => peer.deliver(copy));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const peer = this.peer;
    this.onclose?.();
    if (peer && !peer.closed) queueMicrotask(() => void peer.close());
  }

  private deliver(message: JsonRpcMessage): void {
    if (this.closed) return;
    if (!this.started) this.backlog.push({ message, extra: this.extra });
    else this.onmessage?.(message, this.extra);
  }
}

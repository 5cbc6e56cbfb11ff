import type { BusEvent, EventBus } from "@mcpkit/core";
import type { RedisConnection } from "./redis-connection.js";

/**
 * `EventBus` on Redis pub/sub: every replica publishes to one channel and hears every event,
 * its own included (so a replica's sessions get an event once, through Redis, like everyone's).
 * Pub/sub delivers at most once: an event published while a replica is disconnected does not
 * reach it. Clients re-list on reconnect, which is what 2025 `list_changed` asks of them anyway.
 */
export class RedisEventBus implements EventBus {
  private readonly listeners = new Set<(event: BusEvent) => void>();

  constructor(private readonly connection: RedisConnection) {}

  get channel(): string {
    return `${this.connection.prefix}events`;
  }

  /** Starts hearing the channel; called once by `connectRedis`. */
  async start(): Promise<void> {
    await this.connection.subscriber.subscribe(this.channel, (message) => this.deliver(message));
  }

  async publish(event: BusEvent): Promise<void> {
    await this.connection.client.publish(this.channel, JSON.stringify(event));
  }

  subscribe(listener: (event: BusEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }

  private deliver(message: string): void {
    const event = parseEvent(message);
    if (event === undefined) {
      this.connection.report(new Error(`Ignored a malformed event on ${this.channel}`));
      return;
    }
    for (const listener of [...this.listeners]) listener(event);
  }
}

function parseEvent(message: string): BusEvent | undefined {
  try {
    const event = JSON.parse(message) as Partial<BusEvent> | null;
    if (event?.kind === "listChanged" && typeof event.method === "string") return event as BusEvent;
    if (event?.kind === "resourceUpdated" && typeof event.uri === "string") return event as BusEvent;
  } catch {}
  return undefined;
}

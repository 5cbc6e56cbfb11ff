/**
 * What a server announces to every client on every replica: list changes and resource updates.
 * One bus feeds both eras: 2025 sessions get `notifications/*` on their streams, 2026 clients get
 * them on their `subscriptions/listen` streams. Core's default is in memory
 * (`events/memory-event-bus.ts`); `@mcpkit/redis` puts it on pub/sub.
 */
export type BusEvent =
  /** `method` is the notification, e.g. `notifications/tools/list_changed`. */
  { kind: "listChanged"; method: string } | { kind: "resourceUpdated"; uri: string };

export interface EventBus {
  /** Delivers `event` to every subscriber of every replica, this one's included. */
  publish(event: BusEvent): Promise<void>;
  /** Calls `listener` for each event published from now on; returns the unsubscribe. */
  subscribe(listener: (event: BusEvent) => void): () => void;
  /** Releases connections; the bus is unusable afterwards. */
  close(): Promise<void>;
}

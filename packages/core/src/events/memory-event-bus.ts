import type { BusEvent, EventBus } from "./event-bus.js";

/** The default `EventBus`: subscribers in this process. */
export class MemoryEventBus implements EventBus {
  private readonly listeners = new Set<(event: BusEvent) => void>();

  async publish(event: BusEvent): Promise<void> {
    for (const listener of [...this.listeners]) listener(event);
  }

  subscribe(listener: (event: BusEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}

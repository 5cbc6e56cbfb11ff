import { ToolError } from "@mcpkit/core";

/**
 * At most `limit` requests in flight to one upstream; up to `maxQueue` more wait their turn, and
 * a call beyond that is told the upstream is busy instead of piling up.
 */
export class ConcurrencyGate {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly name: string,
    private readonly limit: number,
    private readonly maxQueue: number,
  ) {}

  /** Resolves with a release function once a slot is free; rejects when the queue is full or on abort. */
  async acquire(signal: AbortSignal): Promise<() => void> {
    if (this.active < this.limit) {
      this.active++;
      return this.releaser();
    }
    if (this.waiting.length >= this.maxQueue) {
      throw new ToolError(
        `Upstream ${this.name} is busy (${this.limit} requests in flight, ${this.waiting.length} waiting). Try again shortly.`,
      );
    }
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const index = this.waiting.indexOf(ready);
        if (index !== -1) this.waiting.splice(index, 1);
        reject(signal.reason);
      };
      const ready = () => {
        signal.removeEventListener("abort", onAbort);
        resolve();
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener("abort", onAbort, { once: true });
      this.waiting.push(ready);
    });
    return this.releaser();
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    };
  }
}

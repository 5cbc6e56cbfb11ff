import { ToolError } from "@mcpkit/core";

export interface RunOptions {
  signal?: AbortSignal;
  /**
   * Wait even when the queue is full. For batch work that holds no image bytes while it waits and
   * adds one waiter at a time, so the cap still bounds memory.
   */
  bypassQueueLimit?: boolean;
}

/**
 * Keeps the job's slot taken until `work` settles, even after the job itself has returned: for
 * native work that a deadline gave up on but that still occupies a thread and memory.
 */
export type Hold = (work: Promise<unknown>) => void;

/**
 * A small semaphore: `concurrency` jobs run at once, up to `maxQueue` more wait in order, and
 * anything beyond that is refused at once with a "busy" error instead of piling up in memory.
 */
export class JobQueue {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    readonly concurrency: number,
    readonly maxQueue: number,
  ) {
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new RangeError("concurrency must be a positive integer");
    if (!Number.isInteger(maxQueue) || maxQueue < 0)
      throw new RangeError("maxQueue must be a non-negative integer");
  }

  get running(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(job: (hold: Hold) => Promise<T>, options: RunOptions = {}): Promise<T> {
    await this.acquire(options);
    const held: Promise<unknown>[] = [];
    try {
      return await job((work) => held.push(work));
    } finally {
      if (held.length === 0) this.release();
      else void Promise.allSettled(held).then(() => this.release());
    }
  }

  private acquire({ signal, bypassQueueLimit = false }: RunOptions): Promise<void> {
    signal?.throwIfAborted();
    if (this.active < this.concurrency) {
      this.active++;
      return Promise.resolve();
    }
    if (!bypassQueueLimit && this.waiting.length >= this.maxQueue) {
      return Promise.reject(
        new ToolError(
          `The thumbnail server is busy (${this.active} images in progress, ${this.waiting.length} waiting). Retry in a few seconds.`,
        ),
      );
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const index = this.waiting.indexOf(waiter);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(signal?.reason);
      };
      const waiter = () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}

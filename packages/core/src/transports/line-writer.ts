import type { Writable } from "node:stream";
import { frameWriter } from "./stdout-guard.js";

/** Text at least this long is written as its own chunk rather than copied into a burst's string. */
const OWN_CHUNK_CHARS = 16 * 1024;

/** The default `maxQueuedBytes`: past it, a stdio server stops reading requests until it drains. */
export const DEFAULT_MAX_QUEUED_BYTES = 16 * 1024 * 1024;

/**
 * Writes newline-terminated messages to a stream, once per burst of work, with backpressure.
 *
 * Small messages of a burst are joined into one string, so 32 echo answers cost one write call;
 * a large one is its own chunk (never copied into a bigger string, and its newline goes at the
 * start of the next chunk). Every message is serialised once by the caller and encoded once. `full` is reported when the
 * stream holds more than `maxQueuedBytes` that the reader has not taken, and cleared on `'drain'`.
 */
export class LineWriter {
  private chunks: string[] = [];
  /** Small messages of the current burst, joined; starts with the newline a large chunk owes. */
  private tail = "";
  private pendingChars = 0;
  private flushScheduled = false;
  private drained: Promise<void> | undefined;
  private isFull = false;
  private drainWaits = 0;
  /** The stream's own write, which a guarded stdout keeps for frames alone. */
  private readonly writeChunk: (chunk: string | Uint8Array) => boolean;

  constructor(
    private readonly output: Writable,
    private readonly onFull: (full: boolean) => void,
    readonly maxQueuedBytes = DEFAULT_MAX_QUEUED_BYTES,
  ) {
    this.writeChunk = frameWriter(output);
  }

  /** Characters given to `write` that the reader has not taken yet (queued here or in the stream). */
  get queuedBytes(): number {
    return this.pendingChars + this.output.writableLength;
  }

  /** Whether more than `maxQueuedBytes` is queued: the transport reads no requests meanwhile. */
  get full(): boolean {
    return this.isFull;
  }

  /** How many times a write had to wait for the stream's `'drain'`. */
  get drainCount(): number {
    return this.drainWaits;
  }

  /** Queues one serialised message (without its newline); resolves once the stream has room. */
  write(text: string): Promise<void> {
    this.pendingChars += text.length + 1;
    if (text.length < OWN_CHUNK_CHARS) {
      this.tail += `${text}\n`;
    } else {
      if (this.tail !== "") this.chunks.push(this.tail);
      this.chunks.push(text);
      this.tail = "\n";
    }
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      // After the microtasks that produced this burst: one write carries all of its answers.
      process.nextTick(this.flush);
    }
    return this.drained ?? Promise.resolve();
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    const { chunks, tail } = this;
    this.chunks = [];
    this.tail = "";
    this.pendingChars = 0;
    for (const chunk of chunks) this.writeChunk(this.encodeIfWaiting(chunk));
    if (tail !== "") this.writeChunk(tail);
    const room = !this.output.writableNeedDrain;
    if (!room && !this.drained) {
      this.drainWaits++;
      this.drained = new Promise((resolve) =>
        this.output.once("drain", () => {
          this.drained = undefined;
          this.checkFull();
          resolve();
        }),
      );
    }
    this.checkFull();
  };

  /**
   * A big chunk the stream can take now goes as a string, encoded into memory freed as soon as the
   * OS has it. One that must wait is encoded now, at its exact size: waiting strings are encoded
   * together by one `writev`, which held 40 % more memory with 10 MiB answers in flight.
   */
  private encodeIfWaiting(chunk: string): string | Buffer {
    return chunk.length >= OWN_CHUNK_CHARS && this.output.writableLength > 0
      ? Buffer.from(chunk, "utf8")
      : chunk;
  }

  private checkFull(): void {
    const full = this.output.writableLength > this.maxQueuedBytes;
    if (full === this.isFull) return;
    // Until 'drain' nothing shrinks the queue that we would hear of, so only it clears `full`.
    if (!full && this.drained) return;
    this.isFull = full;
    this.onFull(full);
  }
}

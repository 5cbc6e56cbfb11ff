import type { BucketSpec, SharedStore, TakeResult } from "./store.js";

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * The default `SharedStore`: this process's memory. Right for one process; a server run as
 * several replicas needs a shared one (`@mcpkit/redis`).
 */
export class MemoryStore implements SharedStore {
  private readonly values = new Map<string, { value: string; expiresAt: number }>();
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly now: () => number = Date.now) {}

  async get(key: string): Promise<string | undefined> {
    const entry = this.values.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.values.delete(key);
      return undefined;
    }
    return entry.value;
  }

  async set(key: string, value: string, options: { ttlMs?: number } = {}): Promise<void> {
    const ttl = options.ttlMs;
    this.values.set(key, {
      value,
      expiresAt: ttl === undefined ? Number.POSITIVE_INFINITY : this.now() + ttl,
    });
  }

  async delete(key: string): Promise<boolean> {
    return this.values.delete(key);
  }

  async take(specs: readonly BucketSpec[]): Promise<TakeResult> {
    const now = this.now();
    const buckets = specs.map((spec) => this.refill(spec, now));
    for (const [index, bucket] of buckets.entries()) {
      if (bucket.tokens >= 1) continue;
      const spec = specs[index] as BucketSpec;
      const retryAfterMs = Math.ceil(((1 - bucket.tokens) / spec.capacity) * spec.periodMs);
      return { allowed: false, refusedBy: index, retryAfterMs };
    }
    for (const bucket of buckets) bucket.tokens -= 1;
    return { allowed: true };
  }

  async close(): Promise<void> {
    this.values.clear();
    this.buckets.clear();
  }

  private refill(spec: BucketSpec, now: number): Bucket {
    let bucket = this.buckets.get(spec.key);
    if (bucket === undefined) {
      bucket = { tokens: spec.capacity, updatedAt: now };
      this.buckets.set(spec.key, bucket);
      return bucket;
    }
    const refill = ((now - bucket.updatedAt) / spec.periodMs) * spec.capacity;
    bucket.tokens = Math.min(spec.capacity, bucket.tokens + refill);
    bucket.updatedAt = now;
    return bucket;
  }
}

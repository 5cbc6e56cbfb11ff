/**
 * The seams for state that must be shared when a server runs as several replicas. Core keeps
 * in-memory defaults (`store/memory-store.ts`); `@mcpkit/redis` implements the same interfaces,
 * so nothing above this folder knows where the state lives. Every method is async, even in
 * memory, so that code written against the default works unchanged on Redis.
 */

/** Strings under keys, each with an optional time to live. Used by session state and caches. */
export interface KeyValueStore {
  get(key: string): Promise<string | undefined>;
  /** Stores `value`; with `ttlMs`, the key is gone after that many milliseconds. */
  set(key: string, value: string, options?: { ttlMs?: number }): Promise<void>;
  /** Whether the key was there. */
  delete(key: string): Promise<boolean>;
}

/** One token bucket: `capacity` tokens, refilled smoothly over `periodMs`. */
export interface BucketSpec {
  key: string;
  capacity: number;
  periodMs: number;
}

/** What a take decided. */
export type TakeResult =
  | { allowed: true }
  /** `refusedBy` is the index in the given buckets of the first one that had no token. */
  | { allowed: false; refusedBy: number; retryAfterMs: number };

/** Token buckets for rate limits. */
export interface RateLimitStore {
  /**
   * Takes one token from every bucket, or from none: a call checked against a server-wide and a
   * per-tool limit spends nothing when either refuses. Atomic across every client of the store.
   */
  take(buckets: readonly BucketSpec[]): Promise<TakeResult>;
}

/** Everything a replica shares. */
export interface SharedStore extends KeyValueStore, RateLimitStore {
  /** Releases connections; the store is unusable afterwards. */
  close(): Promise<void>;
}

import type { BucketSpec, SharedStore, TakeResult } from "@mcpkit/core";
import type { RedisConnection } from "./redis-connection.js";
import { TOKEN_BUCKET_SCRIPT, TOKEN_BUCKET_SHA } from "./token-bucket-script.js";

/**
 * `SharedStore` on Redis: key-value entries with TTL (`GET`/`SET PX`/`DEL`) and token buckets
 * taken atomically by a Lua script (one round trip per decision, however many buckets). Keys are
 * prefixed so that several servers can share one Redis.
 */
export class RedisStore implements SharedStore {
  constructor(private readonly connection: RedisConnection) {}

  async get(key: string): Promise<string | undefined> {
    const value = await this.connection.client.get(this.kv(key));
    return value ?? undefined;
  }

  async set(key: string, value: string, options: { ttlMs?: number } = {}): Promise<void> {
    const ttl = options.ttlMs;
    if (ttl !== undefined && !(ttl > 0)) throw new TypeError(`ttlMs must be a positive number, got ${ttl}`);
    await this.connection.client.set(
      this.kv(key),
      value,
      ttl === undefined ? {} : { expiration: { type: "PX", value: Math.ceil(ttl) } },
    );
  }

  async delete(key: string): Promise<boolean> {
    return (await this.connection.client.del(this.kv(key))) > 0;
  }

  async take(buckets: readonly BucketSpec[]): Promise<TakeResult> {
    if (buckets.length === 0) return { allowed: true };
    const keys = buckets.map((bucket) => `${this.connection.prefix}bucket:${bucket.key}`);
    const args = buckets.flatMap((bucket) => [String(bucket.capacity), String(bucket.periodMs)]);
    const reply = (await this.evalTokenBucket(keys, args)) as number[];
    if (reply[0] === 1) return { allowed: true };
    return { allowed: false, refusedBy: Number(reply[1]), retryAfterMs: Number(reply[2]) };
  }

  /** The connection is shared with the event bus; `RedisShared.close` closes it. */
  async close(): Promise<void> {}

  private kv(key: string): string {
    return `${this.connection.prefix}kv:${key}`;
  }

  /** EVALSHA, loading the script on the first NOSCRIPT (after a Redis restart, say). */
  private async evalTokenBucket(keys: string[], args: string[]): Promise<unknown> {
    const client = this.connection.client;
    try {
      return await client.evalSha(TOKEN_BUCKET_SHA, { keys, arguments: args });
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
      return client.eval(TOKEN_BUCKET_SCRIPT, { keys, arguments: args });
    }
  }
}

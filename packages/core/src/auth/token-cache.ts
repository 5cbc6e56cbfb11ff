import { nodeCrypto } from "../protocol/node-crypto.js";

/**
 * Verified tokens by their SHA-256, each until its own deadline, at most `maxEntries` of them
 * (the least recently used goes first). The raw token is never a key: a heap dump of the cache
 * yields no credential.
 */
export class TokenCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();

  constructor(
    private readonly maxEntries: number,
    private readonly now: () => number,
  ) {}

  get(token: string): V | undefined {
    const key = digest(token);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.until <= this.now()) return undefined;
    this.entries.set(key, entry);
    return entry.value;
  }

  set(token: string, value: V, until: number): void {
    if (until <= this.now() || this.maxEntries <= 0) return;
    const key = digest(token);
    this.entries.delete(key);
    this.entries.set(key, { value, until });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

function digest(token: string): string {
  return nodeCrypto().createHash("sha256").update(token).digest("base64url");
}

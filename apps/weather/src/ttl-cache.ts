interface Entry<V> {
  value: V;
  expiresAt: number;
}

/**
 * A bounded map whose entries expire: least recently used entries go first when full, and
 * concurrent loads of one key share a single upstream request. Failed loads are not cached, and
 * a load cancelled by the caller that started it is started again for the others.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly loading = new Map<string, Promise<V>>();

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + this.ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  async getOrLoad(key: string, load: () => Promise<V>): Promise<V> {
    const cached = this.get(key);
    if (cached !== undefined) return cached;
    const pending = this.loading.get(key);
    if (pending) {
      try {
        return await pending;
      } catch (error) {
        // The caller that started the load was cancelled; that is no reason to fail this one.
        if (!(error instanceof Error && error.name === "AbortError")) throw error;
        return this.getOrLoad(key, load);
      }
    }
    const promise = load().then((value) => {
      this.set(key, value);
      return value;
    });
    this.loading.set(key, promise);
    try {
      return await promise;
    } finally {
      this.loading.delete(key);
    }
  }

  values(): V[] {
    const now = this.now();
    return [...this.entries.values()].filter((entry) => entry.expiresAt > now).map((entry) => entry.value);
  }
}

import type { RequestId } from "./messages.js";

/** The largest array index: whole numbers below it are stored as elements of an object. */
const MAX_INDEX = 2 ** 32 - 2;

function isIndex(id: RequestId): id is number {
  return typeof id === "number" && Number.isInteger(id) && id >= 0 && id <= MAX_INDEX;
}

/**
 * Values by JSON-RPC request id, for tables that gain and lose an entry on every call (the calls in
 * flight, the HTTP response channels). A `Map` under that churn cost a busy server dearly: once a
 * full GC had moved the map's table to the old generation, every young-generation collection kept
 * ~0.4 MB alive until the next full one, with 32 calls in flight (bench/README.md, "Peak RSS").
 * Whole-number ids, which is what clients send, live in the integer-keyed elements of a plain
 * object, which showed none of that; any other id goes to a `Map`.
 */
export class RequestTable<V> {
  private indexed: Record<number, V> = Object.create(null);
  private indexedCount = 0;
  private readonly other = new Map<RequestId, V>();

  get size(): number {
    return this.indexedCount + this.other.size;
  }

  get(id: RequestId): V | undefined {
    return isIndex(id) ? this.indexed[id] : this.other.get(id);
  }

  set(id: RequestId, value: V): void {
    if (!isIndex(id)) {
      this.other.set(id, value);
      return;
    }
    if (!(id in this.indexed)) this.indexedCount++;
    this.indexed[id] = value;
  }

  delete(id: RequestId): boolean {
    if (!isIndex(id)) return this.other.delete(id);
    if (!(id in this.indexed)) return false;
    delete this.indexed[id];
    this.indexedCount--;
    return true;
  }

  values(): V[] {
    return [...Object.values(this.indexed), ...this.other.values()];
  }

  /** Every id with its value, as a copy: deleting while going through it is safe. */
  entries(): Array<[RequestId, V]> {
    const pairs: Array<[RequestId, V]> = [];
    for (const key of Object.keys(this.indexed)) {
      const id = Number(key);
      pairs.push([id, this.indexed[id] as V]);
    }
    for (const pair of this.other) pairs.push(pair);
    return pairs;
  }

  clear(): void {
    this.indexed = Object.create(null);
    this.indexedCount = 0;
    this.other.clear();
  }
}

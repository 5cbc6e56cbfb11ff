const PERIODS: Record<string, number> = {
  s: 1_000,
  sec: 1_000,
  second: 1_000,
  m: 60_000,
  min: 60_000,
  minute: 60_000,
  h: 3_600_000,
  hour: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
};

/** "100/hour", "5/second", "30/min": how many calls per how long. */
export type RateLimitSpec = `${number}/${string}`;

/** A limit's count and period; throws a `TypeError` naming the accepted form for anything else. */
export function parseRateLimit(spec: string): { limit: number; periodMs: number } {
  const found = /^\s*(\d+)\s*\/\s*(\d*)\s*([a-z]+?)s?\s*$/i.exec(spec);
  const unit = found?.[3]?.toLowerCase();
  const period = unit === undefined ? undefined : PERIODS[unit];
  const limit = Number(found?.[1]);
  if (!found || period === undefined || !(limit > 0)) {
    throw new TypeError(
      `Invalid rate limit "${spec}": use "<count>/<second|minute|hour|day>", e.g. "100/hour"`,
    );
  }
  return { limit, periodMs: period * (found[2] ? Number(found[2]) : 1) };
}

/**
 * A token bucket: `limit` calls per period, refilled smoothly, so bursts up to the limit pass and
 * a caller over it is told how long to wait.
 */
export class RateLimiter {
  private tokens: number;
  private updatedAt: number;
  private readonly limit: number;
  private readonly periodMs: number;

  constructor(
    readonly spec: RateLimitSpec,
    private readonly now: () => number = Date.now,
  ) {
    const { limit, periodMs } = parseRateLimit(spec);
    this.limit = limit;
    this.periodMs = periodMs;
    this.tokens = limit;
    this.updatedAt = now();
  }

  /** Takes one call's token. Returns 0 when allowed, else the milliseconds until one is free. */
  take(): number {
    const wait = this.wait();
    if (wait === 0) this.tokens -= 1;
    return wait;
  }

  /**
   * 0 when a call would be allowed now, else the milliseconds until it would; takes nothing, so
   * that a call checked against several limits spends from none of them when one refuses.
   */
  wait(): number {
    const now = this.now();
    const refill = ((now - this.updatedAt) / this.periodMs) * this.limit;
    this.tokens = Math.min(this.limit, this.tokens + refill);
    this.updatedAt = now;
    if (this.tokens >= 1) return 0;
    return Math.ceil(((1 - this.tokens) / this.limit) * this.periodMs);
  }
}

export function describeWait(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 120) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minutes`;
}

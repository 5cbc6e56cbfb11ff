/** A time limit in milliseconds checked at start-up: positive, or Infinity for none. */
export function checkTimeout(what: string, timeoutMs: number | undefined): number | undefined {
  if (timeoutMs === undefined) return undefined;
  if (timeoutMs > 0 && (Number.isSafeInteger(timeoutMs) || timeoutMs === Number.POSITIVE_INFINITY)) {
    return timeoutMs;
  }
  throw new TypeError(`${what} must be a whole number of milliseconds > 0 (or Infinity), got ${timeoutMs}`);
}

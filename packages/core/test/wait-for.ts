/**
 * Polls `condition` until it holds: for events a test cannot subscribe to. The limit only turns a
 * hang into a clear failure, so it is generous (a busy machine is slow, never this slow).
 */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what = "the condition",
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
}

/** A promise the test settles by hand: an event a hook reports, or a gate the test opens. */
export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

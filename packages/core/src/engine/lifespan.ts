import type { MaybePromise } from "./server-options.js";

/**
 * What `lifespan` returns, as handlers see it in `ctx.lifespan`: the value itself, or undefined
 * when it returns nothing or only a cleanup function (the older form, still served).
 */
// biome-ignore lint/suspicious/noConfusingVoidType: a lifespan that returns nothing infers L as void.
export type LifespanValue<L> = [L] extends [void]
  ? undefined
  : L extends (...args: never[]) => unknown
    ? undefined
    : L;

/** A started lifespan: the value handlers get, and what runs on shutdown. */
export interface StartedLifespan {
  readonly value: unknown;
  readonly shutdown: (() => MaybePromise<void>) | undefined;
}

/**
 * Splits what `lifespan` returned: a function is the cleanup to run on shutdown; anything else
 * is the value, torn down by its `Symbol.asyncDispose` or `Symbol.dispose` when it has one, so a
 * pool or client that is already disposable needs no wrapper.
 */
export function startedLifespan(returned: unknown): StartedLifespan {
  if (typeof returned === "function")
    return { value: undefined, shutdown: returned as () => MaybePromise<void> };
  if (typeof returned !== "object" || returned === null) return { value: returned, shutdown: undefined };
  const disposable = returned as Partial<AsyncDisposable & Disposable>;
  const dispose = disposable[Symbol.asyncDispose] ?? disposable[Symbol.dispose];
  return {
    value: returned,
    shutdown: typeof dispose === "function" ? async () => void (await dispose.call(returned)) : undefined,
  };
}

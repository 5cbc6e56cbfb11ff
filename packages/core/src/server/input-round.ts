/** The requests a server may ask a client to fulfil inside a 2026 `input_required` result. */
export type InputMethod = "elicitation/create" | "sampling/createMessage" | "roots/list";

/**
 * How a 2026-era request's context asks the client for input: instead of a server-to-client
 * request, each ask either resolves from an answer the client sent back with its retry or
 * suspends the handler until the engine has answered the request with `input_required`. The
 * engine implements it (engine/input-rounds.ts); it is declared here so that `Context` does not
 * import the engine above it.
 */
export interface InputRound {
  /** The client's answer to this ask; `key` names it in `inputRequests` (one is made if absent). */
  ask(method: InputMethod, params: Record<string, unknown>, key?: string): Promise<Record<string, unknown>>;
  /** Runs `fn` once across every round of this request: later rounds get its journaled result. */
  once<T>(name: string, fn: () => T | Promise<T>): Promise<T>;
}

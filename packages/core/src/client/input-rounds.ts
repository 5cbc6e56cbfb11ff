import { McpError } from "../errors.js";
import { ErrorCode } from "../protocol/messages.js";
import { answerWithHandlers, type ClientHandlers, HANDLER_OPTION } from "./client-handlers.js";

/** The methods that may answer `input_required` (spec: basic/patterns/mrtr, supported requests). */
export const INPUT_METHODS: ReadonlySet<string> = new Set(["tools/call", "prompts/get", "resources/read"]);

/** A server that keeps asking is stopped here; each round may wait on a human, so a few suffice. */
export const DEFAULT_MAX_INPUT_ROUNDS = 8;

/**
 * Runs a 2026 request to completion: while the server answers `input_required`, answers its
 * `inputRequests` with the client's handlers and retries the original params (a new request, so a
 * new id) with the `inputResponses` and the exact `requestState` it was given. Past `maxRounds`
 * retries, or when the server asks for something the client has no handler for, it throws.
 */
export async function withInputRounds(
  method: string,
  params: Record<string, unknown>,
  attempt: (params: Record<string, unknown>) => Promise<Record<string, unknown>>,
  handlers: ClientHandlers,
  options: { maxRounds: number; signal: AbortSignal | undefined },
): Promise<Record<string, unknown>> {
  let current = params;
  for (let round = 0; ; round++) {
    const result = await attempt(current);
    if (result.resultType !== "input_required") return result;
    if (round >= options.maxRounds) {
      throw new McpError(
        ErrorCode.InternalError,
        `The server still asked for input after ${options.maxRounds} rounds of ${method}; giving up (raise maxInputRounds if it needs more)`,
      );
    }
    const signal = options.signal ?? new AbortController().signal;
    const requests = result.inputRequests;
    const retry: Record<string, unknown> = { ...params };
    if (typeof requests === "object" && requests !== null)
      retry.inputResponses = await answerAll(requests as Record<string, unknown>, handlers, signal);
    if (typeof result.requestState === "string") retry.requestState = result.requestState;
    current = retry;
  }
}

async function answerAll(
  requests: Record<string, unknown>,
  handlers: ClientHandlers,
  signal: AbortSignal,
): Promise<Record<string, unknown>> {
  const entries = await Promise.all(
    Object.entries(requests).map(async ([key, request]) => [
      key,
      await answer(key, request, handlers, signal),
    ]),
  );
  return Object.fromEntries(entries);
}

async function answer(
  key: string,
  request: unknown,
  handlers: ClientHandlers,
  signal: AbortSignal,
): Promise<Record<string, unknown>> {
  const { method, params = {} } = (request ?? {}) as { method?: unknown; params?: Record<string, unknown> };
  const answered = await answerWithHandlers(method, params, handlers, signal);
  if (answered) return answered;
  const option = typeof method === "string" ? HANDLER_OPTION[method] : undefined;
  throw new McpError(
    ErrorCode.InvalidRequest,
    option
      ? `The server asked for ${String(method)} (input "${key}"), but this client has no ${option} to answer it`
      : `The server asked for input "${key}" with ${JSON.stringify(method)}, which is not a request a client answers`,
  );
}

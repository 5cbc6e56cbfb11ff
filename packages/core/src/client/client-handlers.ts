import type {
  CreateMessageRequest,
  CreateMessageResult,
  ElicitRequest,
  ElicitResult,
  Root,
} from "../protocol/types.js";

type MaybePromise<T> = T | Promise<T>;

/**
 * The client's answers to what a server may ask of it. The same handlers serve a 2025 server's
 * requests and a 2026 server's `inputRequests`.
 */
export interface ClientHandlers {
  roots: ((signal: AbortSignal) => MaybePromise<Root[]>) | undefined;
  sampling:
    | ((request: CreateMessageRequest, signal: AbortSignal) => MaybePromise<CreateMessageResult>)
    | undefined;
  elicitation: ((request: ElicitRequest, signal: AbortSignal) => MaybePromise<ElicitResult>) | undefined;
}

/** The option that gives the handler for each method a server may ask a client. */
export const HANDLER_OPTION: Readonly<Record<string, string>> = {
  "roots/list": "roots or onRoots",
  "sampling/createMessage": "onSampling",
  "elicitation/create": "onElicitation",
};

/**
 * Answers one server-to-client request with the matching handler; undefined when the client has
 * none (or the method is not one a client answers), for the caller to turn into its era's error.
 */
export async function answerWithHandlers(
  method: unknown,
  params: Record<string, unknown>,
  handlers: ClientHandlers,
  signal: AbortSignal,
): Promise<Record<string, unknown> | undefined> {
  switch (method) {
    case "roots/list":
      return handlers.roots ? { roots: await handlers.roots(signal) } : undefined;
    case "sampling/createMessage":
      if (!handlers.sampling) return undefined;
      return { ...(await handlers.sampling(params as unknown as CreateMessageRequest, signal)) };
    case "elicitation/create":
      if (!handlers.elicitation) return undefined;
      return { ...(await handlers.elicitation(params as unknown as ElicitRequest, signal)) };
    default:
      return undefined;
  }
}

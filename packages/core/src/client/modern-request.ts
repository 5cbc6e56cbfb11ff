import { META } from "../protocol/era.js";
import type { ClientHandlers } from "./client-handlers.js";
import { DEFAULT_MAX_INPUT_ROUNDS, INPUT_METHODS, withInputRounds } from "./input-rounds.js";
import type { ToolHeaders } from "./tool-headers.js";

type Result = Record<string, unknown>;

const SERVER_INFO = META.serverInfo;

export interface ModernRequestContext {
  handlers: ClientHandlers;
  maxInputRounds: number | undefined;
  signal: AbortSignal | undefined;
  /** Present over HTTP, where a tool call carries its `Mcp-Param-*` headers. */
  toolHeaders: ToolHeaders | undefined;
  listTools: () => Promise<unknown>;
}

/**
 * One 2026 request to its end: a call, read or prompt is taken through its `input_required`
 * rounds, and a tool call whose headers the server found stale is retried once after a relist.
 * `send` sends one attempt (the envelope added) as a new JSON-RPC request.
 */
export async function modernRequest(
  method: string,
  params: Result,
  send: (params: Result) => Promise<Result>,
  context: ModernRequestContext,
): Promise<Result> {
  const { toolHeaders } = context;
  const attempt = (current: Result) =>
    toolHeaders && method === "tools/call"
      ? toolHeaders.retryOnMismatch(() => send(current), context.listTools)
      : send(current);
  if (!INPUT_METHODS.has(method)) return asCompleted(await attempt(params));
  return asCompleted(
    await withInputRounds(method, params, attempt, context.handlers, {
      maxRounds: context.maxInputRounds ?? DEFAULT_MAX_INPUT_ROUNDS,
      signal: context.signal,
    }),
  );
}

/**
 * A completed 2026 result as a 2025 one looks, so that the same code reads both: `resultType`
 * and the server info the 2026 wire puts in every result's `_meta` are dropped (the client has
 * the server info from `server/discover`); cache hints and the server's own `_meta` stay.
 */
function asCompleted(result: Result): Result {
  if (result.resultType !== "complete" && result._meta === undefined) return result;
  const { resultType: _resultType, ...rest } = result;
  const meta = rest._meta as Record<string, unknown> | undefined;
  if (meta !== undefined && SERVER_INFO in meta) {
    const { [SERVER_INFO]: _serverInfo, ...others } = meta;
    if (Object.keys(others).length === 0) delete rest._meta;
    else rest._meta = others;
  }
  return rest;
}

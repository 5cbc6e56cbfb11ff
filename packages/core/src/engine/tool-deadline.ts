import { ToolTimeoutError } from "../errors.js";
import type { CallToolResult } from "../protocol/types.js";
import type { Context } from "../server/context.js";
import type { RegisteredTool } from "../server/tools.js";

/**
 * Runs a tool call under a time limit: past it, the handler's signal aborts with a
 * `ToolTimeoutError` and the call ends with that error at once, whether or not the handler
 * stops; the server goes on serving. `limitName` says which option set the limit.
 */
export async function callWithDeadline(
  tool: RegisteredTool,
  args: unknown,
  context: Context,
  timeoutMs: number,
  limitName: string,
): Promise<CallToolResult> {
  const deadline = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const error = new ToolTimeoutError(tool.name, timeoutMs, limitName);
      deadline.abort(error);
      reject(error);
    }, timeoutMs);
  });
  try {
    const signal = AbortSignal.any([context.signal, deadline.signal]);
    return await Promise.race([tool.call(args, context.withSignal(signal)), expired]);
  } catch (error) {
    // A handler that rejects with its own abort error as the limit strikes still ends as a timeout.
    if (deadline.signal.aborted) throw deadline.signal.reason;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

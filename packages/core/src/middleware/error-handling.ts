import { describeInternalError } from "../engine/error-masking.js";
import type { ServerLogger } from "../engine/request-log.js";
import { isAbortError, McpError, ToolError } from "../errors.js";
import { ErrorCode } from "../protocol/messages.js";
import { errorResult } from "../server/tool-result.js";
import type { Middleware, MiddlewareRequest, Next } from "./middleware.js";

export interface ErrorHandlingOptions {
  /** Where bugs are logged with their stack. */
  logger: ServerLogger;
  /** Hide unexpected errors' messages from clients (`maskErrorDetails`). */
  mask: boolean;
}

/**
 * Turns what the rest of the chain throws into what the client is shown, in one place: for a
 * tool, a `ToolError` becomes an `isError` result with its message and anything else (a bug) is
 * logged and becomes "Error calling tool <name>", with its message unless masked; for resources
 * and prompts a `ToolError` becomes a -32602 error and a bug a -32603 one. A cancelled call stays
 * cancelled. Every server runs it as its outermost middleware.
 */
export function errorHandling({ logger, mask }: ErrorHandlingOptions): Middleware {
  async function protocolErrors<P, R>(request: MiddlewareRequest<P>, next: Next<P, R>): Promise<R> {
    try {
      return await next(request);
    } catch (error) {
      if (error instanceof McpError || isAbortError(error)) throw error;
      if (error instanceof ToolError) {
        throw new McpError(ErrorCode.InvalidParams, error.message, undefined, { cause: error });
      }
      logger.error("request failed", error, { method: request.method });
      throw new McpError(ErrorCode.InternalError, describeInternalError(error, mask), undefined, {
        cause: error,
      });
    }
  }
  return {
    name: "errorHandling",
    async onCallTool(request, next) {
      try {
        return await next(request);
      } catch (error) {
        if (isAbortError(error) && request.context.signal.aborted) throw error;
        if (error instanceof ToolError) return errorResult(error.message);
        const name = request.params.name;
        logger.error("tool failed", error, { tool: name });
        return errorResult(describeInternalError(error, mask, `Error calling tool ${name}`));
      }
    },
    onReadResource: protocolErrors,
    onGetPrompt: protocolErrors,
    onListTools: protocolErrors,
    onListResources: protocolErrors,
    onListResourceTemplates: protocolErrors,
    onListPrompts: protocolErrors,
  };
}

import type { ServerLogger } from "../engine/request-log.js";
import {
  isAbortError,
  McpError,
  RateLimitError,
  RateLimitUnavailableError,
  ToolError,
  ToolTimeoutError,
} from "../errors.js";
import type { Middleware, MiddlewareRequest, Next } from "./middleware.js";

/**
 * The server's request log as a middleware: one JSON line per tool call, resource read, prompt
 * and resource listing, with its target, duration in milliseconds and outcome ("ok",
 * "tool_error", "rate_limited", "timeout", "cancelled", "error" or "error <code>"). Every server
 * whose `logLevel` lets "info" through runs it just inside error handling, so it sees errors as
 * they were thrown.
 */
export function requestLogging(logger: ServerLogger): Middleware {
  const logged =
    <P, R>(describe: (params: P) => Record<string, unknown>) =>
    async (request: MiddlewareRequest<P>, next: Next<P, R>): Promise<R> => {
      const started = performance.now();
      let outcome = "ok";
      try {
        return await next(request);
      } catch (error) {
        outcome = error instanceof McpError ? `error ${error.code}` : "error";
        throw error;
      } finally {
        logger.request(request.method, describe(request.params), elapsed(started), outcome);
      }
    };
  return {
    name: "requestLogging",
    async onCallTool(request, next) {
      const started = performance.now();
      let outcome = "ok";
      try {
        const result = await next(request);
        if (result.isError) outcome = "tool_error";
        return result;
      } catch (error) {
        outcome = toolOutcome(error, request.context.signal);
        throw error;
      } finally {
        logger.request("tools/call", { tool: request.params.name }, elapsed(started), outcome);
      }
    },
    onReadResource: logged((params) => ({ uri: params.uri })),
    onGetPrompt: logged((params) => ({ prompt: params.name })),
    onListResources: logged(() => ({})),
  };
}

function toolOutcome(error: unknown, signal: AbortSignal): string {
  if (error instanceof RateLimitError) return "rate_limited";
  if (error instanceof RateLimitUnavailableError) return "rate_limit_unavailable";
  if (error instanceof ToolTimeoutError) return "timeout";
  if (error instanceof ToolError) return "tool_error";
  if (isAbortError(error) && signal.aborted) return "cancelled";
  return "error";
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 100) / 100;
}

import { McpError, ToolError } from "../errors.js";
import { ErrorCode } from "../protocol/messages.js";
import type { MethodHost } from "./method-host.js";
import type { MethodHandler } from "./session.js";

/** Writes a request's one log line (at "info", so a quiet server pays nothing for it). */
export function logRequest(
  server: MethodHost,
  method: string,
  fields: Record<string, unknown>,
  started: number,
  outcome: string,
): void {
  if (!server.logger.enabled("info")) return;
  server.logger.request(method, fields, Math.round((performance.now() - started) * 100) / 100, outcome);
}

/** Wraps a handler so every request gets its one log line, and a `ToolError` becomes -32602. */
export function loggedBy(server: MethodHost) {
  return (
    method: string,
    handler: MethodHandler,
    describeTarget?: (params: Record<string, unknown>) => Record<string, unknown>,
  ): MethodHandler =>
    async (params, call) => {
      const started = performance.now();
      let outcome = "ok";
      try {
        return await handler(params, call);
      } catch (error) {
        outcome = error instanceof McpError ? `error ${error.code}` : "error";
        if (error instanceof ToolError) {
          throw new McpError(ErrorCode.InvalidParams, error.message, undefined, { cause: error });
        }
        throw error;
      } finally {
        logRequest(server, method, describeTarget?.(params) ?? {}, started, outcome);
      }
    };
}

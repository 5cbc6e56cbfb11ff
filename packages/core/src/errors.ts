import { ErrorCode } from "./protocol/messages.js";

/**
 * An error the caller can fix: its message is shown to the client as is (`isError: true` for a
 * tool, a JSON-RPC error for a resource or prompt), never masked.
 *
 * @example
 * if (!place) throw new ToolError(`No place called "${city}" was found.`);
 */
export class ToolError extends Error {
  override name = "ToolError";
}

/**
 * A JSON-RPC error with an MCP error code, raised by the engine for protocol-level problems and
 * thrown by the `Client` when a server answers a request with an error.
 *
 * @example
 * throw new McpError(ErrorCode.InvalidParams, "Unknown prompt: plan_trip");
 */
export class McpError extends Error {
  override name = "McpError";
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The resource URI matched nothing this server serves (spec code -32002). */
export function resourceNotFound(uri: string): McpError {
  return new McpError(ErrorCode.ResourceNotFound, `Resource not found: ${uri}`, { uri });
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError");
}

/**
 * A call refused by a rate limit: a `ToolError` (the caller can wait and retry), told apart so the
 * request log records it as "rate_limited".
 *
 * @example
 * throw new RateLimitError("Rate limit exceeded for tool search (10/minute). Retry in 6 seconds.", 6000);
 */
export class RateLimitError extends ToolError {
  override name = "RateLimitError";
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
  }
}

/**
 * A tool call stopped at its time limit (`timeoutMs`): the handler's signal is aborted with it and
 * the caller gets its message as the tool's error.
 *
 * @example
 * if (error instanceof ToolTimeoutError) console.error(`${error.tool} took over ${error.timeoutMs} ms`);
 */
export class ToolTimeoutError extends ToolError {
  override name = "ToolTimeoutError";
  constructor(
    readonly tool: string,
    readonly timeoutMs: number,
    readonly limitName: string,
  ) {
    super(`Tool ${tool} did not finish within ${timeoutMs} ms (${limitName}) and was stopped.`);
  }
}

/**
 * A call refused because the rate limiter's store (Redis, for replicas) could not say whether it
 * is within its limits: the call was not run, and the caller may retry once the store is back.
 * Its cause (the store's own error) goes to the server log, never to the client.
 *
 * @example
 * if (error instanceof RateLimitUnavailableError) console.error("limiter store down", error.cause);
 */
export class RateLimitUnavailableError extends ToolError {
  override name = "RateLimitUnavailableError";
  constructor(options: ErrorOptions) {
    super(
      "This call was not run: the rate limiter's store is unavailable, so the call could not be checked " +
        "against its rate limit. Retry shortly.",
      options,
    );
  }
}

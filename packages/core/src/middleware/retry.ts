import { isAbortError, McpError } from "../errors.js";
import { ErrorCode } from "../protocol/messages.js";
import type { Middleware, MiddlewareRequest, Next } from "./middleware.js";

export interface RetryOptions {
  /** Tries in all, the first included; defaults to 3. */
  attempts?: number;
  /** Wait before the first retry, doubled before each next one; defaults to 100 ms. */
  backoffMs?: number;
  /** Which failures are worth another try; defaults to `isTransientError`. */
  retryOn?: (error: unknown) => boolean;
}

/**
 * Tries a failed tool call, resource read or prompt again when the failure looks transient: for
 * a proxy (`createProxy`) whose upstream dropped the connection or timed out. Each retry waits
 * `backoffMs`, doubling; a cancelled request is not retried and stops the wait. Only what the
 * handler throws is retried: a tool's `isError` result is an answer.
 *
 * @example
 * const proxy = await createProxy("https://upstream.example.com/mcp");
 * proxy.use(retry({ attempts: 3, backoffMs: 200 }));
 */
export function retry(options: RetryOptions = {}): Middleware {
  const attempts = options.attempts ?? 3;
  const backoffMs = options.backoffMs ?? 100;
  const retryOn = options.retryOn ?? isTransientError;
  if (!Number.isInteger(attempts) || attempts < 1) {
    throw new TypeError(`retry: attempts must be a whole number >= 1, got ${attempts}`);
  }
  async function retried<P, R>(request: MiddlewareRequest<P>, next: Next<P, R>): Promise<R> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await next(request);
      } catch (error) {
        const signal = request.context.signal;
        if (attempt >= attempts || signal.aborted || !retryOn(error)) throw error;
        await wait(backoffMs * 2 ** (attempt - 1), signal);
      }
    }
  }
  return { name: "retry", onCallTool: retried, onReadResource: retried, onGetPrompt: retried };
}

/**
 * A lost connection or a timeout, as a `Client` reports them (-32000, -32001), or a network
 * error underneath (connection refused or reset, `fetch failed`).
 */
export function isTransientError(error: unknown): boolean {
  if (isAbortError(error)) return false;
  if (error instanceof McpError)
    return error.code === ErrorCode.ConnectionClosed || error.code === ErrorCode.RequestTimeout;
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code ?? (error.cause as { code?: unknown } | undefined)?.code;
  if (typeof code === "string" && TRANSIENT_CODES.has(code)) return true;
  return error instanceof TypeError && error.message === "fetch failed";
}

const TRANSIENT_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "UND_ERR_SOCKET"]);

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms);
    function done() {
      signal.removeEventListener("abort", stop);
      resolve();
    }
    function stop() {
      clearTimeout(timer);
      reject(signal.reason);
    }
    signal.addEventListener("abort", stop, { once: true });
  });
}

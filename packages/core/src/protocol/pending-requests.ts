import { isAbortError, McpError } from "../errors.js";
import { ErrorCode, type JsonRpcResponse, type RequestId } from "./messages.js";
import { RequestTable } from "./request-table.js";

export interface PendingOptions {
  signal?: AbortSignal | undefined;
  /** `Infinity` for a request that may rightly stay open for good (a 2026 `subscriptions/listen`). */
  timeoutMs: number;
  /** Called when the request is given up (abort or timeout), to tell the peer. */
  onGiveUp?: ((id: RequestId, reason: string) => void) | undefined;
}

interface Entry {
  resolve(result: Record<string, unknown>): void;
  reject(error: Error): void;
}

/**
 * Requests this side sent and awaits: matched to responses by id, rejected on timeout, abort or
 * disconnect. Used by both the server session and the client.
 */
export class PendingRequests {
  private readonly entries = new RequestTable<Entry>();
  private nextId = 0;

  constructor(private readonly idPrefix: string) {}

  get size(): number {
    return this.entries.size;
  }

  /** Registers a request; call `send` with the id, and await `result`. */
  open(method: string, options: PendingOptions): { id: RequestId; result: Promise<Record<string, unknown>> } {
    const id: RequestId = this.idPrefix ? `${this.idPrefix}${++this.nextId}` : ++this.nextId;
    const { signal, timeoutMs, onGiveUp } = options;
    const result = new Promise<Record<string, unknown>>((resolve, reject) => {
      const finish = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        this.entries.delete(id);
      };
      const giveUp = (error: Error, reason: string) => {
        finish();
        onGiveUp?.(id, reason);
        reject(error);
      };
      const onAbort = () => giveUp(toAbortError(signal?.reason), "Cancelled");
      const timer = Number.isFinite(timeoutMs)
        ? setTimeout(
            () =>
              giveUp(
                new McpError(ErrorCode.RequestTimeout, `No answer to ${method} within ${timeoutMs} ms`),
                "Timed out",
              ),
            timeoutMs,
          )
        : undefined;
      this.entries.set(id, {
        resolve: (value) => {
          finish();
          resolve(value);
        },
        reject: (error) => {
          finish();
          reject(error);
        },
      });
      if (signal?.aborted) onAbort();
      else signal?.addEventListener("abort", onAbort, { once: true });
    });
    return { id, result };
  }

  /** Settles the request a response answers; false when no such request is waiting. */
  settle(response: JsonRpcResponse): boolean {
    const entry = response.id === null ? undefined : this.entries.get(response.id);
    if (!entry) return false;
    if ("error" in response)
      entry.reject(new McpError(response.error.code, response.error.message, response.error.data));
    else entry.resolve(response.result);
    return true;
  }

  fail(id: RequestId, error: Error): void {
    this.entries.get(id)?.reject(error);
  }

  failAll(error: Error): void {
    for (const entry of [...this.entries.values()]) entry.reject(error);
  }
}

export function toAbortError(reason: unknown): Error {
  if (isAbortError(reason)) return reason as Error;
  const error = new Error(typeof reason === "string" ? reason : "The operation was aborted");
  error.name = "AbortError";
  return error;
}

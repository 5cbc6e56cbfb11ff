import { McpError } from "../errors.js";
import { ErrorCode, type JsonRpcMessage, type JsonRpcRequest, type RequestId } from "../protocol/messages.js";
import { toAbortError } from "../protocol/pending-requests.js";
import { answerWithHandlers, type ClientHandlers } from "./client-handlers.js";

/**
 * The requests a 2025 server sends its client (ping, roots, sampling, elicitation) while they are
 * answered, so that the server's `notifications/cancelled` or a closing connection can stop them.
 */
export class ServerRequests {
  private readonly running = new Map<RequestId, AbortController>();

  /** Answers with the client's handlers; `reply` is skipped once the request was cancelled. */
  async answer(
    request: JsonRpcRequest,
    handlers: ClientHandlers,
    reply: (message: JsonRpcMessage) => Promise<void>,
  ): Promise<void> {
    const controller = new AbortController();
    this.running.set(request.id, controller);
    let message: JsonRpcMessage;
    try {
      const result = await serve(request, handlers, controller.signal);
      message = { jsonrpc: "2.0", id: request.id, result };
    } catch (error) {
      const code = error instanceof McpError ? error.code : ErrorCode.InternalError;
      const text = error instanceof Error ? error.message : String(error);
      message = { jsonrpc: "2.0", id: request.id, error: { code, message: text } };
    } finally {
      this.running.delete(request.id);
    }
    if (!controller.signal.aborted) await reply(message).catch(() => {});
  }

  cancel(id: RequestId, reason: unknown): void {
    this.running.get(id)?.abort(toAbortError(reason ?? "Cancelled"));
  }

  cancelAll(reason: string): void {
    for (const controller of this.running.values()) controller.abort(toAbortError(reason));
  }
}

async function serve(
  request: JsonRpcRequest,
  handlers: ClientHandlers,
  signal: AbortSignal,
): Promise<Record<string, unknown>> {
  if (request.method === "ping") return {};
  const answered = await answerWithHandlers(request.method, request.params ?? {}, handlers, signal);
  if (answered) return answered;
  throw new McpError(ErrorCode.MethodNotFound, `Method not found: ${request.method}`);
}

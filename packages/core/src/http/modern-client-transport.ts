import { authorizedFetch } from "../client/auth/authorized-fetch.js";
import { McpError } from "../errors.js";
import { envelopeVersion, PROTOCOL_2026 } from "../protocol/era.js";
import { parseJsonRpc, stringifyJsonRpc } from "../protocol/json-rpc-text.js";
import {
  ErrorCode,
  envelopeProblem,
  isResponse,
  type JsonRpcMessage,
  type JsonRpcRequest,
  type RequestId,
} from "../protocol/messages.js";
import type { SendOptions, Transport } from "../protocol/transport.js";
import type { HttpClientOptions } from "./client-transport.js";
import { encodeHeaderValue } from "./header-value.js";
import { sseData } from "./sse-reader.js";

/** The methods whose `Mcp-Name` header is required, and the param it mirrors. */
const NAMED: Record<string, "name" | "uri"> = {
  "tools/call": "name",
  "prompts/get": "name",
  "resources/read": "uri",
};

/**
 * Streamable HTTP as the 2026-07-28 revision has it: every request is its own POST, answered by
 * one JSON body or by an SSE stream scoped to it; no session, no GET stream, no resumption. The
 * body's envelope is mirrored into `MCP-Protocol-Version`, `Mcp-Method` and `Mcp-Name`, plus the
 * `Mcp-Param-*` headers a caller passes in `SendOptions.headers`. Cancelling a request closes its
 * stream (the spec's HTTP cancellation), so `notifications/cancelled` never goes on the wire.
 */
export class ModernHttpClientTransport implements Transport {
  onmessage?: Transport["onmessage"];
  onclose?: Transport["onclose"];
  onerror?: Transport["onerror"];
  private readonly inFlight = new Map<RequestId, AbortController>();
  private closed = false;
  /** Sends the token source's bearer token on every POST, and retries once after a 401 or step-up. */
  private readonly fetch: typeof fetch;

  constructor(
    private readonly url: URL,
    private readonly options: HttpClientOptions,
  ) {
    this.fetch = options.auth ? authorizedFetch(options.auth, url) : fetch;
  }

  async start(): Promise<void> {}

  async send(message: JsonRpcMessage, options?: SendOptions): Promise<void> {
    if (this.closed) throw new Error("The transport is closed");
    if (!("method" in message)) return; // 2026 servers send no requests, so a client never answers one.
    if (message.method === "notifications/cancelled") {
      this.inFlight.get(message.params?.requestId as RequestId)?.abort();
      return;
    }
    const request = "id" in message && message.id !== undefined ? (message as JsonRpcRequest) : undefined;
    const controller = new AbortController();
    if (request) this.inFlight.set(request.id, controller);
    let response: Response;
    try {
      response = await this.fetch(this.url, {
        method: "POST",
        headers: { ...this.options.headers, ...options?.headers, ...mirroredHeaders(message) },
        body: stringifyJsonRpc(message),
        signal: controller.signal,
      });
    } catch (error) {
      if (request) this.inFlight.delete(request.id);
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`POST ${this.url.href} failed: ${reason}`, { cause: error });
    }
    if (!request) {
      await response.body?.cancel();
      if (!response.ok) throw new Error(`POST ${this.url.href} answered HTTP ${response.status}`);
      return;
    }
    void this.receive(request.id, response).finally(() => this.inFlight.delete(request.id));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const controller of this.inFlight.values()) controller.abort();
    this.inFlight.clear();
    this.onclose?.();
  }

  /** Delivers a request's answer: its JSON body, or each message of its stream in order. */
  private async receive(id: RequestId, response: Response): Promise<void> {
    let answered = false;
    const deliver = (text: string) => {
      const message = parseMessage(text);
      if (!message) return false;
      // A server that could not read the request may not echo its id (mcpkit before 2026 sent null).
      const routed = isResponse(message) && message.id === null ? { ...message, id } : message;
      if (isResponse(routed) && routed.id === id) answered = true;
      this.onmessage?.(routed);
      return true;
    };
    try {
      const type = response.headers.get("content-type") ?? "";
      if (type.includes("text/event-stream") && response.body) {
        for await (const data of sseData(response.body)) deliver(data);
      } else {
        const text = await response.text();
        if (!deliver(text) && !response.ok) this.fail(id, httpError(response, text));
      }
    } catch (error) {
      if (this.inFlight.get(id)?.signal.aborted || this.closed) return; // cancelled by us: say nothing
      const reason = error instanceof Error ? error.message : String(error);
      this.fail(id, new McpError(ErrorCode.ConnectionClosed, `The response stream broke: ${reason}`));
      return;
    }
    if (!answered && !this.inFlight.get(id)?.signal.aborted && !this.closed) {
      const ended = response.ok
        ? new McpError(ErrorCode.ConnectionClosed, "The server closed the response without an answer")
        : httpError(response, "");
      this.fail(id, ended);
    }
  }

  private fail(id: RequestId, error: McpError): void {
    const { code, message, data } = error;
    this.onmessage?.({
      jsonrpc: "2.0",
      id,
      error: data === undefined ? { code, message } : { code, message, data },
    });
  }
}

function mirroredHeaders(message: Exclude<JsonRpcMessage, { result: unknown } | { error: unknown }>) {
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    Accept: "application/json, text/event-stream",
    "MCP-Protocol-Version": envelopeVersion(message.params) ?? PROTOCOL_2026,
    "Mcp-Method": message.method,
  };
  const param = NAMED[message.method];
  const name = param === undefined ? undefined : message.params?.[param];
  if (typeof name === "string") headers["Mcp-Name"] = encodeHeaderValue(name);
  return headers;
}

function parseMessage(text: string): JsonRpcMessage | undefined {
  try {
    const value = parseJsonRpc(text);
    return envelopeProblem(value) === undefined ? (value as JsonRpcMessage) : undefined;
  } catch {
    return undefined;
  }
}

/** An HTTP failure without a JSON-RPC body: a legacy server's 4xx, a proxy's 502, a 401. */
function httpError(response: Response, body: string): McpError {
  const detail = body.trim().slice(0, 200);
  return new McpError(
    ErrorCode.InternalError,
    `HTTP ${response.status} ${response.statusText}${detail ? `: ${detail}` : ""}`,
    { status: response.status },
  );
}

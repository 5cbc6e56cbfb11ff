/** JSON-RPC 2.0 message shapes as MCP uses them, and the protocol revisions this engine speaks. */

export const LATEST_PROTOCOL_VERSION = "2025-11-25";

/** Newest first; a client asking for one of these gets it, any other gets the latest. */
export const SUPPORTED_PROTOCOL_VERSIONS: readonly string[] = [
  "2025-11-25",
  "2025-06-18",
  "2025-03-26",
  "2024-11-05",
  "2024-10-07",
];

/**
 * A JSON-RPC request id. A whole-number id too large for a double arrives as a `bigint`, so that
 * it goes back digit for digit (see `parseJsonRpc`).
 */
export type RequestId = string | number | bigint;

export interface JsonRpcRequest {
  jsonrpc: "2.0";
  id: RequestId;
  method: string;
  params?: Record<string, unknown> | undefined;
}

export interface JsonRpcNotification {
  jsonrpc: "2.0";
  method: string;
  params?: Record<string, unknown> | undefined;
}

export interface JsonRpcResultResponse {
  jsonrpc: "2.0";
  id: RequestId;
  result: Record<string, unknown>;
}

export interface JsonRpcErrorObject {
  code: number;
  message: string;
  data?: unknown;
}

export interface JsonRpcErrorResponse {
  jsonrpc: "2.0";
  id: RequestId | null;
  error: JsonRpcErrorObject;
}

export type JsonRpcResponse = JsonRpcResultResponse | JsonRpcErrorResponse;
export type JsonRpcMessage = JsonRpcRequest | JsonRpcNotification | JsonRpcResponse;

/** JSON-RPC and MCP error codes. */
export const ErrorCode = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
  ConnectionClosed: -32000,
  RequestTimeout: -32001,
  ResourceNotFound: -32002,
  /** 2026-07-28: the HTTP headers disagree with the body, or a required one is missing. */
  HeaderMismatch: -32020,
  /** 2026-07-28: the request needs a client capability its envelope did not declare. */
  MissingRequiredClientCapability: -32021,
  /** 2026-07-28: the envelope names a protocol version this server does not serve. */
  UnsupportedProtocolVersion: -32022,
} as const;

export function isRequest(message: JsonRpcMessage): message is JsonRpcRequest {
  return "method" in message && "id" in message && message.id !== undefined && message.id !== null;
}

export function isNotification(message: JsonRpcMessage): message is JsonRpcNotification {
  return "method" in message && !("id" in message && message.id !== undefined && message.id !== null);
}

export function isResponse(message: JsonRpcMessage): message is JsonRpcResponse {
  return !("method" in message) && ("result" in message || "error" in message);
}

/**
 * Checks the envelope of a message that came off the wire. Returns a reason when it is not a
 * JSON-RPC 2.0 message we can act on; params are checked by each method's handler.
 */
export function envelopeProblem(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return Array.isArray(value) ? "JSON-RPC batches are not supported" : "message must be a JSON object";
  }
  const message = value as Record<string, unknown>;
  if (message.jsonrpc !== "2.0") return 'jsonrpc must be "2.0"';
  const { id } = message;
  if (
    id !== undefined &&
    id !== null &&
    typeof id !== "string" &&
    typeof id !== "number" &&
    typeof id !== "bigint"
  ) {
    return "id must be a string or a number";
  }
  if ("method" in message) {
    if (typeof message.method !== "string") return "method must be a string";
    const { params } = message;
    if (params !== undefined && (typeof params !== "object" || params === null || Array.isArray(params))) {
      return "params must be an object";
    }
    return undefined;
  }
  if ("result" in message || "error" in message) return undefined;
  return "message has neither a method nor a result";
}

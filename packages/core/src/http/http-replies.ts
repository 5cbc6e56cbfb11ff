import { parseJsonRpc } from "../protocol/json-rpc-text.js";
import { ErrorCode, envelopeProblem, type JsonRpcMessage } from "../protocol/messages.js";
import type { ResponseHeaders } from "./front-end.js";
import type { HttpExchange } from "./http-exchange.js";
import { hasJsonBody, protocolVersionProblem } from "./mcp-headers.js";

/** Answers with an HTTP error carrying a JSON-RPC error body (id null: it answers no one request). */
export function fail(
  exchange: HttpExchange,
  status: number,
  message: string,
  headers: ResponseHeaders = {},
  code: number = ErrorCode.ConnectionClosed,
): void {
  const body = JSON.stringify({ jsonrpc: "2.0", error: { code, message }, id: null });
  exchange.respond(status, { ...headers, "Content-Type": "application/json" }, body);
}

/** Reads and checks a POST body; on a problem, answers the request and returns undefined. */
export async function readMessages(
  exchange: HttpExchange,
  cors: ResponseHeaders,
  maxBodyBytes: number,
): Promise<{ messages: JsonRpcMessage[]; batch: boolean } | undefined> {
  if (!hasJsonBody(exchange.headers)) {
    fail(exchange, 415, "Unsupported media type: the body must be application/json", cors);
    return undefined;
  }
  const versionProblem = protocolVersionProblem(exchange.headers);
  if (versionProblem) {
    fail(exchange, 400, `Bad request: ${versionProblem}`, cors);
    return undefined;
  }
  const body = await exchange.readBody(maxBodyBytes);
  if (body === undefined) {
    fail(
      exchange,
      413,
      `Payload too large: the limit is ${maxBodyBytes} bytes`,
      { ...cors, Connection: "close" },
      ErrorCode.InvalidRequest,
    );
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = parseJsonRpc(body.toString("utf8"));
  } catch {
    fail(exchange, 400, "Parse error: the body is not valid JSON", cors, ErrorCode.ParseError);
    return undefined;
  }
  const batch = Array.isArray(parsed);
  const messages = (batch ? parsed : [parsed]) as unknown[];
  if (messages.length === 0) {
    fail(exchange, 400, "Invalid request: empty batch", cors, ErrorCode.InvalidRequest);
    return undefined;
  }
  for (const message of messages) {
    const problem = envelopeProblem(message);
    if (problem) {
      fail(exchange, 400, `Invalid request: ${problem}`, cors, ErrorCode.InvalidRequest);
      return undefined;
    }
  }
  return { messages: messages as JsonRpcMessage[], batch };
}

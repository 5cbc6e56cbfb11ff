import { envelopeVersion, META, PROTOCOL_2026 } from "../protocol/era.js";
import { parseJsonRpc, stringifyJsonRpc } from "../protocol/json-rpc-text.js";
import {
  ErrorCode,
  envelopeProblem,
  isRequest,
  type JsonRpcErrorObject,
  type JsonRpcMessage,
  type RequestId,
} from "../protocol/messages.js";
import type { ResponseHeaders } from "./front-end.js";
import type { HttpExchange } from "./http-exchange.js";
import { hasJsonBody, protocolVersionHeader, protocolVersionProblem } from "./mcp-headers.js";

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

/** Answers one request with an HTTP error carrying its JSON-RPC error, echoing its id. */
export function failRequest(
  exchange: HttpExchange,
  status: number,
  id: RequestId,
  error: JsonRpcErrorObject,
  headers: ResponseHeaders = {},
): void {
  const body = stringifyJsonRpc({ jsonrpc: "2.0", id, error });
  exchange.respond(status, { ...headers, "Content-Type": "application/json" }, body);
}

/** A POST body, checked; `version` is set when it is one 2026-07-28 message (its envelope's). */
export interface PostedMessages {
  messages: JsonRpcMessage[];
  batch: boolean;
  version: string | undefined;
}

/** Reads and checks a POST body; on a problem, answers the request and returns undefined. */
export async function readMessages(
  exchange: HttpExchange,
  cors: ResponseHeaders,
  maxBodyBytes: number,
): Promise<PostedMessages | undefined> {
  if (!hasJsonBody(exchange.headers)) {
    fail(exchange, 415, "Unsupported media type: the body must be application/json", cors);
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
  // Body first: a 2026 message's header is checked against its envelope by the front end.
  const version = batch ? undefined : envelopeVersion((messages[0] as { params?: unknown }).params);
  if (version === undefined) {
    const single = messages[0] as JsonRpcMessage;
    // A 2026 client that left out the envelope (or its version): the body is what is wrong.
    if (!batch && isRequest(single) && protocolVersionHeader(exchange.headers) === PROTOCOL_2026) {
      const error = {
        code: ErrorCode.InvalidParams,
        message: `Invalid request envelope: params._meta.${META.protocolVersion} is required by ${PROTOCOL_2026}`,
      };
      failRequest(exchange, 400, single.id, error, cors);
      return undefined;
    }
    const versionProblem = protocolVersionProblem(exchange.headers);
    if (versionProblem) {
      fail(exchange, 400, `Bad request: ${versionProblem}`, cors);
      return undefined;
    }
  }
  return { messages: messages as JsonRpcMessage[], batch, version };
}

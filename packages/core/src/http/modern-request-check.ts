import type { Engine } from "../engine/engine.js";
import type { McpError } from "../errors.js";
import { parseEnvelope } from "../protocol/envelope.js";
import { ErrorCode, type JsonRpcErrorObject, type JsonRpcMessage } from "../protocol/messages.js";
import type { HeaderMap } from "./http-exchange.js";
import { protocolVersionHeader } from "./mcp-headers.js";
import { parameterHeaderProblem, standardHeaderProblem } from "./mirrored-headers.js";

/** Why a 2026-07-28 POST is refused before it reaches a handler: its HTTP status and error. */
export interface ModernRefusal {
  status: number;
  error: JsonRpcErrorObject;
}

/**
 * Checks a 2026-07-28 request's HTTP side against its body before it is served: the
 * `MCP-Protocol-Version` header must match the envelope (`-32020`), the version must be one the
 * server serves (`-32022`), the envelope well formed (`-32602`), the method one 2026 has
 * (`-32601`, HTTP 404, which tells a modern client from a legacy server's 404), and the headers
 * that mirror the body (`Mcp-Method`, `Mcp-Name`, a tool's `Mcp-Param-*`) must match it (`-32020`).
 */
export function refuseModernRequest(
  headers: HeaderMap,
  message: JsonRpcMessage,
  version: string,
  server: Engine,
): ModernRefusal | undefined {
  if (!("method" in message)) return undefined;
  const header = protocolVersionHeader(headers);
  if (header !== version) {
    const problem =
      header === undefined
        ? "the MCP-Protocol-Version header is required"
        : `MCP-Protocol-Version header value '${header}' does not match body value '${version}'`;
    return headerMismatch(problem);
  }
  try {
    parseEnvelope(message.params, version);
  } catch (error) {
    const { code, message: text, data } = error as McpError;
    return {
      status: 400,
      error: data === undefined ? { code, message: text } : { code, message: text, data },
    };
  }
  if (!server.modernMethods.has(message.method)) {
    return {
      status: 404,
      error: { code: ErrorCode.MethodNotFound, message: `Method not found: ${message.method}` },
    };
  }
  const standard = standardHeaderProblem(headers, message.method, message.params);
  if (standard) return headerMismatch(standard);
  if (message.method === "tools/call" && typeof message.params?.name === "string") {
    const tool = server.registry.getTool(message.params.name);
    const problem = tool && parameterHeaderProblem(headers, tool.definition, message.params.arguments);
    if (problem) return headerMismatch(problem);
  }
  return undefined;
}

function headerMismatch(problem: string): ModernRefusal {
  return { status: 400, error: { code: ErrorCode.HeaderMismatch, message: `Header mismatch: ${problem}` } };
}

/**
 * The HTTP status of a 2026-07-28 answer sent as JSON: the spec's modern errors are 400, an
 * unknown method 404, so that a dual-era client can tell this server's era from the status alone.
 */
export function modernStatus(answer: JsonRpcMessage): number {
  if (!("error" in answer)) return 200;
  const { code } = answer.error;
  if (code === ErrorCode.MethodNotFound) return 404;
  if (
    code === ErrorCode.HeaderMismatch ||
    code === ErrorCode.MissingRequiredClientCapability ||
    code === ErrorCode.UnsupportedProtocolVersion
  )
    return 400;
  return 200;
}

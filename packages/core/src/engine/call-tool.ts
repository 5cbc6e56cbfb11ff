import { isAbortError, McpError, ToolError } from "../errors.js";
import { ErrorCode } from "../protocol/messages.js";
import type { CallToolResult } from "../protocol/types.js";
import { errorResult } from "../server/tool-result.js";
import { admitToolCall } from "./call-admission.js";
import { describeInternalError } from "./error-masking.js";
import { logRequest } from "./logged-method.js";
import type { MethodHost } from "./method-host.js";
import type { RequestCall } from "./session.js";

/** `tools/call`: a tool's failures become `isError` results; only protocol problems are JSON-RPC errors. */
export async function callTool(
  server: MethodHost,
  params: Record<string, unknown>,
  call: RequestCall,
): Promise<CallToolResult> {
  const name = params.name;
  if (typeof name !== "string") throw new McpError(ErrorCode.InvalidParams, "tools/call needs a tool name");
  const tool = server.registry.getTool(name);
  if (!tool?.enabled) throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${name}`);
  const started = performance.now();
  let outcome = "ok";
  try {
    const refusal = admitToolCall(server.name, server.rateLimiter, tool);
    if (refusal !== undefined) {
      outcome = "rate_limited";
      return errorResult(refusal);
    }
    const result = await tool.call(params.arguments, server.createContext(call));
    if (result.isError) outcome = "tool_error";
    return result;
  } catch (error) {
    if (call.signal.aborted && isAbortError(error)) {
      outcome = "cancelled";
      throw error;
    }
    if (error instanceof ToolError) {
      outcome = "tool_error";
      return errorResult(error.message);
    }
    outcome = "error";
    server.logger.error("tool failed", error, { tool: name });
    return errorResult(
      describeInternalError(error, server.options.maskErrorDetails === true, `Error calling tool ${name}`),
    );
  } finally {
    logRequest(server, "tools/call", { tool: name }, started, outcome);
  }
}

import { requireScopes } from "../auth/component-scopes.js";
import { McpError, ToolError } from "../errors.js";
import { ErrorCode } from "../protocol/messages.js";
import type { CallToolResult } from "../protocol/types.js";
import type { Context } from "../server/context.js";
import { traceToolCall } from "../tracing/tool-span.js";
import type { MethodHost } from "./method-host.js";
import type { MethodHandler, RequestCall } from "./session.js";
import { callWithDeadline } from "./tool-deadline.js";
import { findTool } from "./visible-components.js";

/**
 * Refuses a `tools/call` for no tool or an unknown one with a JSON-RPC error before the chain
 * runs, so middleware sees only calls to tools that exist.
 */
export function checkToolCall(server: MethodHost, handler: MethodHandler): MethodHandler {
  return (params, call, context) => {
    const name = params.name;
    if (typeof name !== "string") throw new McpError(ErrorCode.InvalidParams, "tools/call needs a tool name");
    // A mounted call has no call of its own, only the parent's context.
    const tool = findTool(server, name, context?.session ?? call.session);
    if (!tool) throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${name}`);
    requireScopes(
      context === undefined ? call.extra?.authInfo : context.auth,
      tool.scopes,
      `the tool ${name}`,
    );
    return handler(params, call, context);
  };
}

/**
 * `tools/call` at the end of the chain: runs the tool under its time limit, if any. What it
 * throws is turned into an `isError` result by the error-handling middleware.
 */
export async function callTool(
  server: MethodHost,
  params: Record<string, unknown>,
  call: RequestCall,
  context: Context | undefined,
): Promise<CallToolResult> {
  const name = params.name as string;
  // Looked up again: a middleware may have changed the name, or the tool gone meanwhile.
  const handlerContext = context ?? server.createContext(call);
  const tool = findTool(server, name, handlerContext.session);
  if (!tool) throw new ToolError(`Unknown tool: ${name}`);
  const own = tool.timeoutMs;
  const limit = own ?? server.options.toolTimeoutMs;
  const run =
    limit !== undefined && limit !== Number.POSITIVE_INFINITY
      ? () => {
          const limitName = own === undefined ? "the server's toolTimeoutMs" : "its timeoutMs";
          return callWithDeadline(tool, params.arguments, handlerContext, limit, limitName);
        }
      : () => tool.call(params.arguments, handlerContext);
  // A mounted call runs inside the parent's tool span already.
  return call === undefined ? run() : traceToolCall(call, name, run);
}

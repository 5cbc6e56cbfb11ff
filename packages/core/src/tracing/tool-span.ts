import { context, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import type { CallToolResult } from "../protocol/types.js";
import type { ContextCall } from "../server/context.js";
import { errorName, requestContext } from "./request-span.js";
import { tracer } from "./tracer.js";

/**
 * Runs a tool's handler inside an INTERNAL `execute_tool {name}` span (the GenAI convention for a
 * tool execution), child of the request's span; a handler's own spans and the `traceparent` a
 * proxied call sends go under it. Untraced requests run the tool directly.
 */
export async function traceToolCall(
  call: ContextCall,
  name: string,
  run: () => Promise<CallToolResult>,
): Promise<CallToolResult> {
  const parent = requestContext(call);
  if (parent === undefined) return run();
  const span = tracer().startSpan(
    `execute_tool ${name}`,
    {
      kind: SpanKind.INTERNAL,
      attributes: { "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": name },
    },
    parent,
  );
  try {
    const result = await context.with(trace.setSpan(parent, span), run);
    if (result.isError === true) {
      span.setAttribute("error.type", "tool_error");
      span.setStatus({ code: SpanStatusCode.ERROR, message: "The tool returned isError" });
    }
    return result;
  } catch (error) {
    span.setAttribute("error.type", errorName(error));
    if (error instanceof Error) span.recordException(error);
    span.setStatus({
      code: SpanStatusCode.ERROR,
      message: error instanceof Error ? error.message : String(error),
    });
    throw error;
  } finally {
    span.end();
  }
}

import {
  context,
  type Context as OtelContext,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from "@opentelemetry/api";
import { McpError } from "../errors.js";
import { envelopeVersion } from "../protocol/era.js";
import { ErrorCode } from "../protocol/messages.js";
import type { ContextCall } from "../server/context.js";
import { incomingTraceContext, parentContext } from "./trace-context.js";
import { tracer } from "./tracer.js";

/** The OpenTelemetry context of each request being traced, so its tool span finds its parent. */
const requestContexts = new WeakMap<ContextCall, OtelContext>();

/**
 * Runs one request's handler inside a SERVER span named and attributed by the OpenTelemetry
 * semantic conventions for MCP (`tools/call get_weather`, `mcp.method.name`, `jsonrpc.request.id`,
 * ...), child of the `traceparent` the request carried. With no SDK registered the span does not
 * record, and the handler runs as if untraced: no attributes are built and no context is entered.
 */
export async function traceRequest<T>(call: ContextCall, run: () => Promise<T>): Promise<T> {
  const { request } = call;
  const params = request.params;
  const target = targetOf(request.method, params);
  const carrier = incomingTraceContext(request, call.extra);
  const span = tracer().startSpan(
    target === undefined ? request.method : `${request.method} ${target}`,
    { kind: SpanKind.SERVER },
    carrier === undefined ? undefined : parentContext(carrier),
  );
  if (!span.isRecording()) {
    span.end();
    return run();
  }
  setRequestAttributes(span, call, target);
  const active = trace.setSpan(context.active(), span);
  requestContexts.set(call, active);
  try {
    const result = await context.with(active, run);
    if ((result as { isError?: unknown } | undefined)?.isError === true) {
      span.setAttribute("error.type", "tool_error");
      span.setStatus({ code: SpanStatusCode.ERROR, message: "The tool returned isError" });
    }
    return result;
  } catch (error) {
    recordFailure(span, error);
    throw error;
  } finally {
    span.end();
  }
}

/** The context a request's handler runs in, when the request is traced. */
export function requestContext(call: ContextCall): OtelContext | undefined {
  return requestContexts.get(call);
}

/** The span name's low-cardinality target: the tool or prompt name (never a resource URI). */
function targetOf(method: string, params: Record<string, unknown> | undefined): string | undefined {
  if (method !== "tools/call" && method !== "prompts/get") return undefined;
  const name = params?.name;
  return typeof name === "string" ? name : undefined;
}

function setRequestAttributes(span: Span, call: ContextCall, target: string | undefined): void {
  const { request, session, extra } = call;
  span.setAttribute("mcp.method.name", request.method);
  span.setAttribute("jsonrpc.request.id", String(request.id));
  span.setAttribute("mcp.protocol.version", envelopeVersion(request.params) ?? session.protocolVersion);
  if (session.id !== undefined) span.setAttribute("mcp.session.id", session.id);
  if (extra?.requestInfo) span.setAttribute("network.transport", "tcp");
  if (target !== undefined && request.method === "tools/call") {
    span.setAttribute("gen_ai.tool.name", target);
    span.setAttribute("gen_ai.operation.name", "execute_tool");
  }
  if (target !== undefined && request.method === "prompts/get")
    span.setAttribute("gen_ai.prompt.name", target);
  const uri = request.params?.uri;
  if (typeof uri === "string") span.setAttribute("mcp.resource.uri", uri);
}

/** A JSON-RPC error is typed by its code, as the client sees it; anything else by its class. */
function recordFailure(span: Span, error: unknown): void {
  const code = error instanceof McpError ? error.code : ErrorCode.InternalError;
  span.setAttribute("rpc.response.status_code", String(code));
  span.setAttribute("error.type", error instanceof McpError ? String(code) : errorName(error));
  if (error instanceof Error) span.recordException(error);
  span.setStatus({
    code: SpanStatusCode.ERROR,
    message: error instanceof Error ? error.message : String(error),
  });
}

export function errorName(error: unknown): string {
  return error instanceof Error ? error.name : "_OTHER";
}

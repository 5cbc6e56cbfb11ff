import {
  createTraceState,
  type Context as OtelContext,
  ROOT_CONTEXT,
  TraceFlags,
  trace,
} from "@opentelemetry/api";
import type { JsonRpcRequest } from "../protocol/messages.js";
import type { MessageExtra } from "../protocol/transport.js";

/** The W3C trace context a request arrived with, as its two header values. */
export interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
}

/**
 * The trace context of a request: its `params._meta.traceparent` / `tracestate` (where 2026
 * requests and instrumented clients put it, per message) first, else the HTTP request's headers
 * (which cover every message of that POST). Undefined when neither carries a `traceparent`.
 */
export function incomingTraceContext(
  request: JsonRpcRequest,
  extra: MessageExtra | undefined,
): TraceCarrier | undefined {
  const meta = request.params?._meta as Record<string, unknown> | undefined;
  const fromMeta = meta?.traceparent;
  if (typeof fromMeta === "string") {
    const tracestate = meta?.tracestate;
    return typeof tracestate === "string" ? { traceparent: fromMeta, tracestate } : { traceparent: fromMeta };
  }
  const headers = extra?.requestInfo?.headers;
  const fromHeader = headers?.traceparent;
  if (typeof fromHeader !== "string") return undefined;
  const tracestate = headers?.tracestate;
  return typeof tracestate === "string"
    ? { traceparent: fromHeader, tracestate }
    : { traceparent: fromHeader };
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/**
 * The context a server span starts in: the remote parent the carrier names, or the root. Parsed
 * here rather than through the global propagator, so that a registered tracer provider is all
 * a user needs (the SDK's BasicTracerProvider registers no propagator); an invalid `traceparent`
 * is ignored, as W3C Trace Context says.
 */
export function parentContext(carrier: TraceCarrier | undefined): OtelContext {
  const match = carrier?.traceparent === undefined ? null : TRACEPARENT.exec(carrier.traceparent.trim());
  if (!match) return ROOT_CONTEXT;
  const [, version, traceId = "", spanId = "", flags = "00", rest] = match;
  if (version === "ff" || (version === "00" && rest !== undefined)) return ROOT_CONTEXT;
  if (/^0+$/.test(traceId) || /^0+$/.test(spanId)) return ROOT_CONTEXT;
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId,
    spanId,
    traceFlags: Number.parseInt(flags, 16) & TraceFlags.SAMPLED,
    isRemote: true,
    ...(carrier?.tracestate === undefined ? {} : { traceState: createTraceState(carrier.tracestate) }),
  });
}

/** The `traceparent` value for the active span, or undefined when there is none to propagate. */
export function activeTraceparent(): TraceCarrier | undefined {
  const span = trace.getActiveSpan();
  if (!span) return undefined;
  const { traceId, spanId, traceFlags, traceState } = span.spanContext();
  if (!trace.isSpanContextValid(span.spanContext())) return undefined;
  const traceparent = `00-${traceId}-${spanId}-${traceFlags & TraceFlags.SAMPLED ? "01" : "00"}`;
  const tracestate = traceState?.serialize();
  return tracestate ? { traceparent, tracestate } : { traceparent };
}

/**
 * `params` with the active span's trace context in its `_meta` (where the MCP semantic
 * conventions propagate it), or `params` itself when no span is active: a client called from a
 * traced handler makes the server it calls continue the same trace.
 */
export function withActiveTraceContext(params: Record<string, unknown>): Record<string, unknown> {
  const carrier = activeTraceparent();
  if (carrier === undefined) return params;
  return { ...params, _meta: { ...(params._meta as Record<string, unknown> | undefined), ...carrier } };
}

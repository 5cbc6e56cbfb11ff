import { context, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { Client, createProxy, FastMCP, McpError, ToolError } from "../src/index.js";

const exporter = new InMemorySpanExporter();

beforeAll(() => {
  trace.setGlobalTracerProvider(
    new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
  );
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});
afterAll(() => {
  trace.disable();
  context.disable();
});
beforeEach(() => exporter.reset());

const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
const PARENT_ID = "00f067aa0ba902b7";
const TRACEPARENT = `00-${TRACE_ID}-${PARENT_ID}-01`;

function createServer(): FastMCP {
  const mcp = new FastMCP({ name: "traced", version: "1.0.0", logLevel: "silent" });
  mcp.tool({ name: "greet", input: { name: z.string() } }, ({ name }) => `Hello, ${name}`);
  mcp.tool({ name: "refuse" }, () => {
    throw new ToolError("no");
  });
  mcp.tool({ name: "crash" }, () => {
    throw new RangeError("bug");
  });
  mcp.tool({ name: "trace_context" }, (_args, ctx) => ({
    traceparent: ctx.traceparent,
    tracestate: ctx.tracestate,
  }));
  mcp.tool({ name: "inner_span" }, () => {
    trace.getTracer("handler").startSpan("handler work").end();
    return "done";
  });
  mcp.prompt({ name: "plan" }, () => "Plan it.");
  mcp.resource("docs://readme", {}, () => "# Hi");
  return mcp;
}

function textOf(result: Record<string, unknown>): unknown {
  const [first] = result.content as Array<{ text: string }>;
  return JSON.parse(first?.text ?? "null");
}

function span(name: string): ReadableSpan {
  const found = exporter.getFinishedSpans().filter((candidate) => candidate.name === name);
  expect(found.map((candidate) => candidate.name)).toEqual([name]);
  return found[0] as ReadableSpan;
}

describe("OpenTelemetry spans", () => {
  it("a tool call is a SERVER span named by the MCP conventions, with an execute_tool child", async () => {
    await using client = await Client.connect(createServer());
    await client.callTool("greet", { name: "Ada" });
    const server = span("tools/call greet");
    expect(server.kind).toBe(1); // SpanKind.SERVER
    expect(server.attributes).toMatchObject({
      "mcp.method.name": "tools/call",
      "gen_ai.tool.name": "greet",
      "gen_ai.operation.name": "execute_tool",
      "mcp.protocol.version": client.protocolVersion,
    });
    expect(typeof server.attributes["jsonrpc.request.id"]).toBe("string");
    expect(server.status.code).toBe(0); // UNSET
    const tool = span("execute_tool greet");
    expect(tool.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
    expect(tool.spanContext().traceId).toBe(server.spanContext().traceId);
    expect(tool.attributes["gen_ai.tool.name"]).toBe("greet");
  });

  it("every request gets a span: prompts by name, resources by URI attribute only", async () => {
    await using client = await Client.connect(createServer());
    await client.getPrompt("plan");
    await client.readResource("docs://readme");
    await client.listTools();
    expect(span("prompts/get plan").attributes["gen_ai.prompt.name"]).toBe("plan");
    expect(span("resources/read").attributes["mcp.resource.uri"]).toBe("docs://readme");
    expect(span("tools/list").attributes["mcp.method.name"]).toBe("tools/list");
    expect(span("initialize").attributes["mcp.method.name"]).toBe("initialize");
  });

  it("a tool error and a crash set error status; a JSON-RPC error is typed by its code", async () => {
    await using client = await Client.connect(createServer());
    expect((await client.callTool("refuse")).isError).toBe(true);
    expect((await client.callTool("crash")).isError).toBe(true);
    await expect(client.callTool("missing")).rejects.toBeInstanceOf(McpError);
    const refused = span("tools/call refuse");
    expect(refused.status.code).toBe(2); // ERROR
    expect(refused.attributes["error.type"]).toBe("tool_error");
    const crashed = span("execute_tool crash");
    expect(crashed.status.code).toBe(2);
    expect(crashed.attributes["error.type"]).toBe("RangeError");
    expect(crashed.events.map((event) => event.name)).toEqual(["exception"]);
    const missing = span("tools/call missing");
    expect(missing.status.code).toBe(2);
    expect(missing.attributes["error.type"]).toBe("-32602");
    expect(missing.attributes["rpc.response.status_code"]).toBe("-32602");
  });

  it("continues the trace named in params._meta, and shows it to the handler", async () => {
    await using client = await Client.connect(createServer());
    const result = await client.request("tools/call", {
      name: "trace_context",
      arguments: {},
      _meta: { traceparent: TRACEPARENT, tracestate: "vendor=1" },
    });
    expect(textOf(result)).toEqual({ traceparent: TRACEPARENT, tracestate: "vendor=1" });
    const server = span("tools/call trace_context");
    expect(server.spanContext().traceId).toBe(TRACE_ID);
    expect(server.parentSpanContext?.spanId).toBe(PARENT_ID);
    expect(server.parentSpanContext?.traceState?.get("vendor")).toBe("1");
  });

  it("ignores a malformed traceparent: the span starts a new trace", async () => {
    await using client = await Client.connect(createServer());
    await client.request("tools/call", {
      name: "greet",
      arguments: { name: "x" },
      _meta: { traceparent: "00-zz" },
    });
    const server = span("tools/call greet");
    expect(server.parentSpanContext).toBeUndefined();
  });

  it("continues the trace named in the HTTP traceparent header", async () => {
    const mcp = createServer();
    const running = await mcp.run({ transport: "http", host: "127.0.0.1", port: 0, handleSignals: false });
    try {
      const url = running.url ?? "";
      await using client = await Client.connect(url, { headers: { traceparent: TRACEPARENT } });
      const result = await client.callTool("trace_context");
      expect(textOf(result)).toEqual({ traceparent: TRACEPARENT });
      const server = span("tools/call trace_context");
      expect(server.spanContext().traceId).toBe(TRACE_ID);
      expect(server.parentSpanContext?.spanId).toBe(PARENT_ID);
      expect(server.attributes["network.transport"]).toBe("tcp");
      expect(server.attributes["mcp.session.id"]).toEqual(expect.any(String));
    } finally {
      await running.close();
    }
  });

  it("a handler's own spans nest under its tool span", async () => {
    await using client = await Client.connect(createServer());
    await client.callTool("inner_span");
    expect(span("handler work").parentSpanContext?.spanId).toBe(
      span("execute_tool inner_span").spanContext().spanId,
    );
  });

  it("a proxied call carries the trace to the upstream server through _meta", async () => {
    const upstream = createServer();
    const proxy = await createProxy(upstream, { logLevel: "silent" });
    try {
      await using client = await Client.connect(proxy);
      await client.callTool("greet", { name: "Ada" });
      const named = (name: string) =>
        exporter.getFinishedSpans().filter((candidate) => candidate.name === name);
      // Spans finish innermost first: the upstream server's, then the proxy's.
      const [upstreamSpan, proxySpan] = named("tools/call greet");
      const [, proxyTool] = named("execute_tool greet");
      expect(proxySpan?.parentSpanContext).toBeUndefined();
      expect(upstreamSpan?.spanContext().traceId).toBe(proxySpan?.spanContext().traceId);
      expect(upstreamSpan?.parentSpanContext?.spanId).toBe(proxyTool?.spanContext().spanId);
      expect(proxyTool?.parentSpanContext?.spanId).toBe(proxySpan?.spanContext().spanId);
    } finally {
      await proxy.close();
    }
  });
});

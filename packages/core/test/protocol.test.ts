import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  Client,
  FastMCP,
  InMemoryTransport,
  type JsonRpcMessage,
  LATEST_PROTOCOL_VERSION,
  type Transport,
} from "../src/index.js";

/**
 * A raw wire to a server: send any JSON, collect every message that comes back. `send` waits for
 * the number of answers it is told to expect (none for a notification), so answers stay in order
 * and a stray one shows up in `received`.
 */
async function rawWire(mcp: FastMCP) {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const received: JsonRpcMessage[] = [];
  let arrived: () => void = () => {};
  clientSide.onmessage = (message) => {
    received.push(message);
    arrived();
  };
  await mcp.connect(serverSide);
  await clientSide.start();
  const send = async (message: unknown, answers = 1) => {
    const expected = received.length + answers;
    await clientSide.send(message as JsonRpcMessage);
    while (received.length < expected) {
      await new Promise<void>((resolve) => {
        arrived = resolve;
      });
    }
  };
  return { send, received };
}

describe("initialize", () => {
  it("negotiates the protocol revision and declares capabilities and server info", async () => {
    const mcp = new FastMCP({
      name: "srv",
      version: "2.0.0",
      title: "Server",
      instructions: "Use me well.",
      logLevel: "silent",
    });
    const { send, received } = await rawWire(mcp);
    await send({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-03-26", capabilities: {}, clientInfo: { name: "old", version: "1" } },
    });
    await send({
      jsonrpc: "2.0",
      id: 2,
      method: "initialize",
      params: {
        protocolVersion: "1999-01-01",
        capabilities: {},
        clientInfo: { name: "future", version: "1" },
      },
    });
    expect(received[0]).toEqual({
      jsonrpc: "2.0",
      id: 1,
      result: {
        protocolVersion: "2025-03-26",
        capabilities: {
          tools: { listChanged: true },
          resources: { subscribe: true, listChanged: true },
          prompts: { listChanged: true },
          logging: {},
          completions: {},
        },
        serverInfo: { name: "srv", version: "2.0.0", title: "Server" },
        instructions: "Use me well.",
      },
    });
    expect(received[1]).toMatchObject({ id: 2, result: { protocolVersion: LATEST_PROTOCOL_VERSION } });
  });

  it("gives the Client the server's info and instructions", async () => {
    const mcp = new FastMCP({ name: "srv", instructions: "Hello.", logLevel: "silent" });
    await using client = await Client.connect(mcp);
    expect(client.serverInfo).toEqual({ name: "srv", version: "0.1.0" });
    expect(client.instructions).toBe("Hello.");
    expect(client.protocolVersion).toBe(LATEST_PROTOCOL_VERSION);
    await client.ping();
  });
});

describe("malformed input", () => {
  it("answers bad envelopes and unknown methods with the right codes, and ignores unknown notifications", async () => {
    const mcp = new FastMCP({ name: "srv", logLevel: "silent" });
    const { send, received } = await rawWire(mcp);
    await send({ jsonrpc: "2.0", id: 1, method: "bogus/method" });
    await send({ jsonrpc: "2.0", id: 2, method: 42 });
    await send({ jsonrpc: "2.0", id: 3, method: "tools/call", params: [1, 2] });
    await send({ jsonrpc: "2.0", id: { nested: true }, method: "ping" });
    await send({ jsonrpc: "2.0", method: "notifications/whatever" }, 0);
    await send({ jsonrpc: "2.0", id: 99, result: {} }, 0);
    await send({ jsonrpc: "2.0", id: 4, method: "ping" });
    expect(received).toEqual([
      { jsonrpc: "2.0", id: 1, error: { code: -32601, message: "Method not found: bogus/method" } },
      { jsonrpc: "2.0", id: 2, error: { code: -32600, message: "Invalid request: method must be a string" } },
      {
        jsonrpc: "2.0",
        id: 3,
        error: { code: -32600, message: "Invalid request: params must be an object" },
      },
      {
        jsonrpc: "2.0",
        id: null,
        error: { code: -32600, message: "Invalid request: id must be a string or a number" },
      },
      { jsonrpc: "2.0", id: 4, result: {} },
    ]);
  });

  it("handles huge and deeply nested arguments without falling over", async () => {
    const mcp = new FastMCP({ name: "srv", logLevel: "silent" });
    mcp.tool({ name: "size", input: { data: z.string().max(1_000_000) } }, ({ data }) => data.length);
    await using client = await Client.connect(mcp);
    const tooBig = await client.callTool("size", { data: "x".repeat(2_000_000) });
    expect(tooBig.isError).toBe(true);
    expect(tooBig.content[0]).toMatchObject({ text: expect.stringContaining("data: Too big") });
    let nested: unknown = "leaf";
    for (let i = 0; i < 500; i++) nested = { nested };
    expect((await client.callTool("size", { data: "ok", extra: nested })).content).toEqual([
      { type: "text", text: "2" },
    ]);
  });
});

describe("lifespan and observability", () => {
  it("runs the start hook before the first request and the cleanup on close", async () => {
    const events: string[] = [];
    const mcp = new FastMCP({
      name: "srv",
      logLevel: "silent",
      lifespan: async () => {
        events.push("open pool");
        return async () => {
          events.push("close pool");
        };
      },
    });
    mcp.tool({ name: "query" }, () => {
      events.push("query");
      return "rows";
    });
    const client = await Client.connect(mcp);
    await client.callTool("query");
    await using _second = await Client.connect(mcp);
    await client.close();
    await mcp.close();
    expect(events).toEqual(["open pool", "query", "close pool"]);
  });

  it("logs one structured line per request, without argument values", async () => {
    const lines: string[] = [];
    const mcp = new FastMCP({ name: "srv", logSink: (line) => lines.push(line) });
    mcp.tool({ name: "login", input: { password: z.string() } }, () => "welcome");
    mcp.resource("data://x", {}, () => "x");
    await using client = await Client.connect(mcp);
    await client.callTool("login", { password: "correct horse battery staple" });
    await client.readResource("data://x");
    await client.readResource("data://missing").catch(() => {});
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records).toHaveLength(3);
    expect(records[0]).toMatchObject({
      level: "info",
      server: "srv",
      msg: "tools/call",
      tool: "login",
      outcome: "ok",
    });
    expect(typeof records[0]?.durationMs).toBe("number");
    expect(records[1]).toMatchObject({ msg: "resources/read", uri: "data://x", outcome: "ok" });
    expect(records[2]).toMatchObject({ msg: "resources/read", outcome: "error -32002" });
    expect(lines.join("")).not.toContain("correct horse");
  });

  it("writes nothing below the configured level", async () => {
    const lines: string[] = [];
    const mcp = new FastMCP({ name: "srv", logLevel: "warning", logSink: (line) => lines.push(line) });
    mcp.tool({ name: "t" }, () => "ok");
    await using client = await Client.connect(mcp);
    await client.callTool("t");
    expect(lines).toEqual([]);
  });
});

describe("Client", () => {
  it("delivers a progress notification that arrives in the same read as the call's result", async () => {
    // A hand-made server that writes the progress and the result back to back, in one tick.
    let deliver: Transport["onmessage"];
    const transport: Transport = {
      async start() {
        deliver = transport.onmessage;
      },
      async close() {},
      async send(message) {
        if (!("method" in message) || !("id" in message)) return;
        const id = message.id as number;
        if (message.method === "initialize") {
          queueMicrotask(() =>
            deliver?.({
              jsonrpc: "2.0",
              id,
              result: {
                protocolVersion: LATEST_PROTOCOL_VERSION,
                capabilities: {},
                serverInfo: { name: "raw", version: "1" },
              },
            }),
          );
          return;
        }
        const token = (message.params?._meta as { progressToken?: string } | undefined)?.progressToken ?? "";
        queueMicrotask(() => {
          deliver?.({
            jsonrpc: "2.0",
            method: "notifications/progress",
            params: { progressToken: token, progress: 1, total: 1 },
          });
          deliver?.({ jsonrpc: "2.0", id, result: { content: [{ type: "text", text: "done" }] } });
        });
      },
    };
    await using client = await Client.connect(transport);
    const progress: number[] = [];
    const result = await client.callTool("anything", {}, { onProgress: (p) => progress.push(p.progress) });
    expect(result.content).toEqual([{ type: "text", text: "done" }]);
    expect(progress).toEqual([1]);
  });

  it("turns JSON-RPC errors into McpError with the code and message", async () => {
    const mcp = new FastMCP({ name: "srv", logLevel: "silent" });
    await using client = await Client.connect(mcp);
    const error = await client.request("nope/nope").catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: "McpError", code: -32601, message: "Method not found: nope/nope" });
  });

  it("answers server pings and rejects unknown server requests", async () => {
    const mcp = new FastMCP({ name: "srv", logLevel: "silent" });
    const answers: unknown[] = [];
    mcp.tool({ name: "probe" }, async (_args, ctx) => {
      // Reach the session through a roots request the client cannot answer.
      answers.push(await ctx.listRoots().catch((error: Error) => error.message));
      return "";
    });
    await using client = await Client.connect(mcp);
    await client.callTool("probe");
    expect(answers).toEqual(["mcpkit-client does not support roots (roots/list), which this tool needs."]);
  });
});

import { describe, expect, it } from "vitest";
import { z } from "zod";
import { FastMCP, staticTokenVerifier } from "../src/index.js";
import type { JsonRpcMessage } from "../src/protocol/messages.js";
import { InMemoryTransport } from "../src/transports/in-memory.js";
import { createFixtureServer, post, serve } from "./http-fixture.js";
import { modern, postModern } from "./modern-fixture.js";
import { rawStdio } from "./raw-stdio.js";
import { deferred } from "./wait-for.js";

const SERVER_INFO = { name: "era-fixture", version: "2.0.0" };

function createEraServer(): FastMCP {
  const mcp = new FastMCP({ ...SERVER_INFO, instructions: "Try whoami.", logLevel: "silent" });
  mcp.tool({ name: "whoami", description: "Who the client said it is" }, (_args, ctx) => {
    const { info, protocolVersion } = ctx.client;
    return `${info?.name ?? "nobody"} on ${protocolVersion}`;
  });
  mcp.tool(
    { name: "chatty", description: "Logs once", input: { text: z.string() } },
    async ({ text }, ctx) => {
      await ctx.warning(`said ${text}`);
      return text;
    },
  );
  mcp.resource("memo://one", { name: "one" }, () => "the memo");
  return mcp;
}

describe("2026-07-28 requests over stdio", () => {
  it("answers server/discover with both eras, what the engine honours, and who the server is", async () => {
    await using stdio = await rawStdio(createEraServer());
    const answer = await stdio.request(modern(1, "server/discover"));
    expect(answer.result).toEqual({
      resultType: "complete",
      supportedVersions: expect.arrayContaining(["2026-07-28", "2025-11-25"]),
      capabilities: {
        tools: { listChanged: true },
        resources: { subscribe: true, listChanged: true },
        prompts: { listChanged: true },
        logging: {},
        completions: {},
      },
      instructions: "Try whoami.",
      ttlMs: 0,
      cacheScope: "public",
      _meta: { "io.modelcontextprotocol/serverInfo": SERVER_INFO },
    });
  });

  it("serves a tool call statelessly with the envelope's client, beside a 2025 session on the same process", async () => {
    await using stdio = await rawStdio(createEraServer());
    const call = await stdio.request(modern(1, "tools/call", { name: "whoami", arguments: {} }));
    expect(call.result).toMatchObject({
      resultType: "complete",
      content: [{ type: "text", text: "raw-2026 on 2026-07-28" }],
      _meta: { "io.modelcontextprotocol/serverInfo": SERVER_INFO },
    });

    const initialize = await stdio.request({
      jsonrpc: "2.0",
      id: 2,
      method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "old", version: "1" } },
    });
    expect(initialize.result).toMatchObject({ protocolVersion: "2025-11-25" });
    expect(initialize.result).not.toHaveProperty("resultType");
    const legacy = await stdio.request({
      jsonrpc: "2.0",
      id: 3,
      method: "tools/call",
      params: { name: "whoami", arguments: {} },
    });
    expect(legacy.result).toEqual({ content: [{ type: "text", text: "old on 2025-11-25" }] });
  });

  it("reads resources and lists with resultType on every result", async () => {
    await using stdio = await rawStdio(createEraServer());
    const read = await stdio.request(modern(1, "resources/read", { uri: "memo://one" }));
    expect(read.result).toMatchObject({ resultType: "complete", contents: [{ text: "the memo" }] });
    const list = await stdio.request(modern(2, "tools/list"));
    expect(list.result).toMatchObject({
      resultType: "complete",
      tools: [{ name: "whoami" }, { name: "chatty" }],
    });
    const missing = await stdio.request(modern(3, "resources/read", { uri: "memo://none" }));
    expect(missing.error).toMatchObject({ code: -32602 });
  });

  it("refuses an unsupported version with -32022 and the versions it serves", async () => {
    await using stdio = await rawStdio(createEraServer());
    const answer = await stdio.request(
      modern(7, "tools/list", {}, { "io.modelcontextprotocol/protocolVersion": "1900-01-01" }),
    );
    expect(answer.error).toMatchObject({
      code: -32022,
      data: { requested: "1900-01-01", supported: expect.arrayContaining(["2026-07-28", "2025-11-25"]) },
    });
  });

  it("answers the methods 2026 removed with -32601", async () => {
    await using stdio = await rawStdio(createEraServer());
    for (const [id, method] of ["ping", "initialize", "logging/setLevel", "resources/subscribe"].entries()) {
      const answer = await stdio.request(modern(id, method, { uri: "memo://one", level: "debug" }));
      expect(answer.error, method).toMatchObject({ code: -32601 });
    }
  });

  it("refuses a malformed envelope with -32602 naming the field", async () => {
    await using stdio = await rawStdio(createEraServer());
    const answer = await stdio.request(
      modern(1, "tools/list", {}, { "io.modelcontextprotocol/clientCapabilities": "all of them" }),
    );
    expect(answer.error).toMatchObject({ code: -32602 });
    expect((answer.error as { message: string }).message).toContain("clientCapabilities");
  });

  it("sends log messages only for a request that set a log level", async () => {
    await using stdio = await rawStdio(createEraServer());
    await stdio.request(modern(1, "tools/call", { name: "chatty", arguments: { text: "quiet" } }));
    await stdio.request(
      modern(
        2,
        "tools/call",
        { name: "chatty", arguments: { text: "loud" } },
        {
          "io.modelcontextprotocol/logLevel": "info",
        },
      ),
    );
    const mcp = stdio.server;
    await mcp.broadcastLog("warning", "to every 2025 session");
    await stdio.request(modern(3, "tools/list"));
    const logs = stdio.received.filter((message) => message.method === "notifications/message");
    expect(logs.map((message) => (message.params as { data: string }).data)).toEqual(["said loud"]);
  });
});

describe("2026-07-28 requests in memory", () => {
  it("serves a raw 2026 request on linked transports", async () => {
    const mcp = createEraServer();
    const [clientEnd, serverEnd] = InMemoryTransport.createLinkedPair();
    const answered = new Promise<JsonRpcMessage>((resolve) => {
      clientEnd.onmessage = resolve;
    });
    await mcp.connect(serverEnd);
    await clientEnd.start();
    await clientEnd.send(modern(1, "tools/call", { name: "whoami", arguments: {} }) as JsonRpcMessage);
    expect(await answered).toMatchObject({
      id: 1,
      result: { resultType: "complete", content: [{ text: "raw-2026 on 2026-07-28" }] },
    });
    await mcp.close();
  });
});

describe("2026-07-28 requests over Streamable HTTP", () => {
  it("serves a tool call without a session on a stateful endpoint, as JSON", async () => {
    await using server = await serve(createEraServer());
    const response = await postModern(server.url, modern(1, "tools/call", { name: "whoami", arguments: {} }));
    expect(response.status).toBe(200);
    expect(response.headers.get("mcp-session-id")).toBeNull();
    expect(await response.json()).toMatchObject({
      id: 1,
      result: {
        resultType: "complete",
        content: [{ type: "text", text: "raw-2026 on 2026-07-28" }],
        _meta: { "io.modelcontextprotocol/serverInfo": SERVER_INFO },
      },
    });
  });

  it("answers server/discover", async () => {
    await using server = await serve(createEraServer());
    const response = await postModern(server.url, modern("d", "server/discover"));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      id: "d",
      result: { resultType: "complete", supportedVersions: expect.arrayContaining(["2026-07-28"]) },
    });
  });

  it("refuses a header that disagrees with the body (-32020) or a missing envelope (-32602) with 400, echoing the id", async () => {
    await using server = await serve(createEraServer());
    const mismatched = await post(server.url, modern(5, "tools/list"), {
      "MCP-Protocol-Version": "2025-11-25",
    });
    expect(mismatched.status).toBe(400);
    expect(await mismatched.json()).toMatchObject({ id: 5, error: { code: -32020 } });
    const missing = await post(server.url, modern(6, "tools/list"), { "Mcp-Method": "tools/list" });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ id: 6, error: { code: -32020 } });
    const noEnvelope = await post(
      server.url,
      { jsonrpc: "2.0", id: 7, method: "tools/list" },
      { "MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "tools/list" },
    );
    expect(noEnvelope.status).toBe(400);
    expect(await noEnvelope.json()).toMatchObject({ id: 7, error: { code: -32602 } });
  });

  it("refuses an unsupported version with 400 -32022 and its data, echoing the id", async () => {
    await using server = await serve(createEraServer());
    const response = await postModern(
      server.url,
      modern(8, "tools/list", {}, { "io.modelcontextprotocol/protocolVersion": "1900-01-01" }),
      { "MCP-Protocol-Version": "1900-01-01" },
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      id: 8,
      error: {
        code: -32022,
        data: { requested: "1900-01-01", supported: expect.arrayContaining(["2026-07-28"]) },
      },
    });
  });

  it("answers a removed method with 404 -32601", async () => {
    await using server = await serve(createEraServer());
    const response = await postModern(server.url, modern(9, "ping"));
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ id: 9, error: { code: -32601 } });
  });

  it("keeps serving 2025 sessions on the same endpoint", async () => {
    await using server = await serve(createEraServer());
    const initialize = await post(server.url, {
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "old", version: "1" } },
    });
    const sessionId = initialize.headers.get("mcp-session-id") as string;
    expect(sessionId).toBeTruthy();
    await initialize.text();
    const call = await post(
      server.url,
      { jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "whoami", arguments: {} } },
      { "Mcp-Session-Id": sessionId, "MCP-Protocol-Version": "2025-11-25", Accept: "application/json" },
    );
    expect(await call.json()).toEqual({
      jsonrpc: "2.0",
      id: 2,
      result: { content: [{ type: "text", text: "old on 2025-11-25" }] },
    });
  });

  it("cancels the request when the client closes its response", async () => {
    const started = deferred();
    const aborted = deferred<unknown>();
    const mcp = createFixtureServer({ started: started.resolve, aborted: aborted.resolve });
    await using server = await serve(mcp);
    const controller = new AbortController();
    const message = modern(1, "tools/call", { name: "hang", arguments: {} });
    const response = fetch(server.url, {
      method: "POST",
      signal: controller.signal,
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json, text/event-stream",
        "MCP-Protocol-Version": "2026-07-28",
        "Mcp-Method": "tools/call",
        "Mcp-Name": "hang",
      },
      body: JSON.stringify(message),
    });
    await started.promise;
    controller.abort();
    await expect(response).rejects.toThrow();
    expect(await aborted.promise).toBeInstanceOf(Error);
  });

  it("puts cache hints on lists and reads: the server default, a resource's own, private when authenticated", async () => {
    const createCachedServer = () => {
      const mcp = new FastMCP({ name: "cached", logLevel: "silent", cache: { ttlMs: 60_000 } });
      mcp.resource("memo://live", { cache: { ttlMs: 0 } }, () => "now");
      mcp.resource("memo://still", {}, () => "always");
      mcp.tool({ name: "noop" }, () => "ok");
      return mcp;
    };
    await using server = await serve(createCachedServer());
    const result = async (message: ReturnType<typeof modern>, headers: Record<string, string> = {}) =>
      ((await (await postModern(server.url, message, headers)).json()) as { result: Record<string, unknown> })
        .result;
    expect(await result(modern(1, "tools/list"))).toMatchObject({ ttlMs: 60_000, cacheScope: "public" });
    expect(await result(modern(2, "resources/read", { uri: "memo://live" }))).toMatchObject({ ttlMs: 0 });
    expect(await result(modern(3, "resources/read", { uri: "memo://still" }))).toMatchObject({
      ttlMs: 60_000,
    });
    expect(await result(modern(4, "tools/call", { name: "noop", arguments: {} }))).not.toHaveProperty(
      "ttlMs",
    );

    await using authenticated = await serve(createCachedServer(), {
      auth: { verify: staticTokenVerifier({ secret: "alice" }) },
    });
    expect(
      await (async () => {
        const response = await postModern(authenticated.url, modern(5, "prompts/list"), {
          Authorization: "Bearer secret",
        });
        return ((await response.json()) as { result: Record<string, unknown> }).result;
      })(),
    ).toMatchObject({ ttlMs: 60_000, cacheScope: "private" });
  });
});

import { describe, expect, it } from "vitest";
import { Client } from "../src/index.js";
import {
  callTool,
  createFixtureServer,
  initializeSession,
  post,
  readMessages,
  serve,
} from "./http-fixture.js";
import { waitFor } from "./wait-for.js";

const sampler = () => ({
  role: "assistant" as const,
  content: { type: "text" as const, text: "hi" },
  model: "m",
});

describe("Streamable HTTP sessions", () => {
  it("serves tools, logs, progress and sampling to a Client connected by URL", async () => {
    const mcp = createFixtureServer();
    await using server = await serve(mcp);
    const logs: unknown[] = [];
    const progress: number[] = [];
    await using client = await Client.connect(server.url, {
      onLog: (m) => logs.push(m.data),
      onSampling: sampler,
    });
    expect((await client.callTool("echo", { text: "x" })).content).toEqual([{ type: "text", text: "x" }]);
    const result = await client.callTool(
      "progress",
      { steps: 3 },
      { onProgress: (p) => progress.push(p.progress) },
    );
    expect(result.content).toEqual([{ type: "text", text: "done 3" }]);
    expect(logs).toEqual(["step 1", "step 2", "step 3"]);
    expect(progress).toEqual([1, 2, 3]);
    expect((await client.callTool("ask_model", { prompt: "q" })).content).toEqual([
      { type: "text", text: "model said: hi" },
    ]);
  });

  it("keeps each client's session isolated: ids, log levels and subscriptions", async () => {
    const mcp = createFixtureServer();
    mcp.resource("test://watched", { description: "watched" }, () => "v");
    await using server = await serve(mcp);
    const logsA: unknown[] = [];
    const logsB: unknown[] = [];
    await using a = await Client.connect(server.url, { onLog: (m) => logsA.push(m.data) });
    await using b = await Client.connect(server.url, { onLog: (m) => logsB.push(m.data) });
    expect(mcp.sessionCount).toBe(2);
    const idA = (await a.callTool("session_id")).content;
    const idB = (await b.callTool("session_id")).content;
    expect(idA).not.toEqual(idB);

    await a.setLogLevel("error");
    await a.callTool("progress", { steps: 1 });
    await b.callTool("progress", { steps: 1 });
    expect(logsA).toEqual([]);
    expect(logsB).toEqual(["step 1"]);

    const updatesA: unknown[] = [];
    const updatesB: unknown[] = [];
    a.on("notifications/resources/updated", (params) => updatesA.push(params.uri));
    b.on("notifications/resources/updated", (params) => updatesB.push(params.uri));
    await b.request("resources/subscribe", { uri: "test://watched" });
    // The standalone GET stream carries notifications outside any request.
    // Notified until one arrives: the client opens its GET stream after connecting, at a time of its own.
    await waitFor(async () => {
      await mcp.notifyResourceUpdated("test://watched");
      return updatesB.length > 0;
    }, "b's update on its GET stream");
    expect(updatesA).toEqual([]);
  });

  it("ends a session on DELETE, and answers 404 for it afterwards", async () => {
    const mcp = createFixtureServer();
    await using server = await serve(mcp);
    const sessionId = await initializeSession(server.url);
    expect(mcp.sessionCount).toBe(1);
    const headers = { "Mcp-Session-Id": sessionId };
    expect((await fetch(server.url, { method: "DELETE", headers })).status).toBe(200);
    expect(mcp.sessionCount).toBe(0);
    const after = await post(server.url, callTool(2, "echo", { text: "x" }), headers);
    expect(after.status).toBe(404);
    expect(await after.json()).toMatchObject({ error: { message: "Session not found" } });
    expect((await fetch(server.url, { method: "DELETE", headers })).status).toBe(404);
    expect((await fetch(server.url, { headers: { ...headers, Accept: "text/event-stream" } })).status).toBe(
      404,
    );
  });

  it("answers 404 for an unknown session and 400 when the header is missing", async () => {
    await using server = await serve(createFixtureServer());
    const unknown = await post(server.url, callTool(1, "echo", { text: "x" }), {
      "Mcp-Session-Id": "no-such-session",
    });
    expect(unknown.status).toBe(404);
    const missing = await post(server.url, callTool(1, "echo", { text: "x" }));
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({
      error: { message: expect.stringContaining("Mcp-Session-Id") },
    });
  });

  it("refuses a second initialize on an existing session", async () => {
    await using server = await serve(createFixtureServer());
    const sessionId = await initializeSession(server.url);
    const again = await post(
      server.url,
      { jsonrpc: "2.0", id: 9, method: "initialize", params: {} },
      { "Mcp-Session-Id": sessionId },
    );
    expect(again.status).toBe(400);
  });

  it("cleans up: a closed client leaves no session, and an idle one times out", async () => {
    const mcp = createFixtureServer();
    await using server = await serve(mcp, { sessionIdleTimeoutMs: 150 });
    const client = await Client.connect(server.url);
    await client.callTool("echo", { text: "x" });
    expect(mcp.sessionCount).toBe(1);
    await client.close();
    expect(mcp.sessionCount).toBe(0);

    // A client that vanishes without DELETE: no request and no open stream for the idle timeout.
    const sessionId = await initializeSession(server.url);
    expect(mcp.sessionCount).toBe(1);
    await waitFor(() => mcp.sessionCount === 0, "the idle session to be swept");
    expect(
      (await post(server.url, callTool(2, "echo", { text: "x" }), { "Mcp-Session-Id": sessionId })).status,
    ).toBe(404);
  });

  it("keeps a session with an open GET stream past the idle timeout", async () => {
    const mcp = createFixtureServer();
    await using server = await serve(mcp, { sessionIdleTimeoutMs: 100 });
    const streaming = await initializeSession(server.url);
    const controller = new AbortController();
    const stream = await fetch(server.url, {
      headers: { Accept: "text/event-stream", "Mcp-Session-Id": streaming },
      signal: controller.signal,
    });
    expect(stream.status).toBe(200);
    // A session last active after the stream opened: once the sweep has closed it, the streaming
    // session was idle for as long and had its chance to be closed too.
    const idle = await initializeSession(server.url);
    await waitFor(() => mcp.sessionCount < 2, "the idle session to be swept");
    expect(mcp.sessionCount).toBe(1);
    expect(
      (await post(server.url, callTool(2, "echo", { text: "x" }), { "Mcp-Session-Id": idle })).status,
    ).toBe(404);
    const still = await post(server.url, callTool(3, "echo", { text: "still here" }), {
      "Mcp-Session-Id": streaming,
    });
    expect(await readMessages(still)).toMatchObject([
      { id: 3, result: { content: [{ text: "still here" }] } },
    ]);
    controller.abort();
  });

  it("routes answers of concurrent POSTs to their own streams", async () => {
    await using server = await serve(createFixtureServer());
    const sessionId = await initializeSession(server.url);
    const headers = { "Mcp-Session-Id": sessionId };
    const responses = await Promise.all(
      [1, 2, 3].map((id) => post(server.url, callTool(id, "echo", { text: `n${id}` }), headers)),
    );
    for (const [index, response] of responses.entries()) {
      expect(response.headers.get("content-type")).toBe("text/event-stream");
      const messages = await readMessages(response);
      expect(messages).toEqual([
        { jsonrpc: "2.0", id: index + 1, result: { content: [{ type: "text", text: `n${index + 1}` }] } },
      ]);
    }
  });

  it("tells a client resuming with Last-Event-ID that there is nothing to replay (204)", async () => {
    await using server = await serve(createFixtureServer());
    const sessionId = await initializeSession(server.url);
    const resumed = await fetch(server.url, {
      headers: { Accept: "text/event-stream", "Mcp-Session-Id": sessionId, "Last-Event-ID": "abc_3" },
    });
    expect(resumed.status).toBe(204);
  });

  it("answers 202 to a POST of notifications only", async () => {
    await using server = await serve(createFixtureServer());
    const sessionId = await initializeSession(server.url);
    const response = await post(
      server.url,
      { jsonrpc: "2.0", method: "notifications/initialized" },
      { "Mcp-Session-Id": sessionId },
    );
    expect(response.status).toBe(202);
    expect(await response.text()).toBe("");
  });
});

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
import { deferred } from "./wait-for.js";

function cancel(requestId: number) {
  return { jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId, reason: "test" } };
}

describe("a cancelled request's HTTP exchange", () => {
  it("SSE: its stream ends, without an answer for the cancelled request", async () => {
    const started = deferred();
    const aborted = deferred<unknown>();
    await using server = await serve(
      createFixtureServer({ started: started.resolve, aborted: aborted.resolve }),
    );
    const sessionId = await initializeSession(server.url);
    const headers = { "Mcp-Session-Id": sessionId, "MCP-Protocol-Version": "2025-11-25" };
    const pending = post(server.url, callTool(7, "hang"), headers);
    await started.promise;
    const cancelled = await post(server.url, cancel(7), headers);
    expect(cancelled.status).toBe(202);
    const response = await pending;
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    expect(await readMessages(response)).toEqual([]);
    await aborted.promise;
  });

  it("JSON: the POST is answered (202, no body) instead of hanging", async () => {
    const started = deferred();
    await using server = await serve(createFixtureServer({ started: started.resolve }), { json: true });
    const sessionId = await initializeSession(server.url);
    const headers = { "Mcp-Session-Id": sessionId };
    const pending = post(server.url, callTool(7, "hang"), headers);
    await started.promise;
    await post(server.url, cancel(7), headers);
    const response = await pending;
    expect(response.status).toBe(202);
    expect(await response.text()).toBe("");
  });

  it("JSON: a batch answers the requests that were not cancelled", async () => {
    const started = deferred();
    await using server = await serve(createFixtureServer({ started: started.resolve }), { json: true });
    const sessionId = await initializeSession(server.url);
    const headers = { "Mcp-Session-Id": sessionId };
    const pending = post(server.url, [callTool(7, "hang"), callTool(8, "echo", { text: "kept" })], headers);
    await started.promise;
    await post(server.url, cancel(7), headers);
    const response = await pending;
    expect(await response.json()).toEqual([
      { jsonrpc: "2.0", id: 8, result: { content: [{ type: "text", text: "kept" }] } },
    ]);
  });
});

describe("JSON response mode and a call's notifications", () => {
  it("sends every notification a handler emitted before its answer, on the POST itself", async () => {
    await using server = await serve(createFixtureServer(), { json: true });
    const sessionId = await initializeSession(server.url);
    const request = {
      ...callTool(3, "progress", { steps: 3 }),
      params: { name: "progress", arguments: { steps: 3 }, _meta: { progressToken: "p" } },
    };
    const response = await post(server.url, request, { "Mcp-Session-Id": sessionId });
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const messages = await readMessages(response);
    const progress = messages.filter((message) => message.method === "notifications/progress");
    expect(progress.map((message) => (message.params as { progress: number }).progress)).toEqual([1, 2, 3]);
    expect(messages.at(-1)).toMatchObject({ id: 3, result: { content: [{ text: "done 3" }] } });
  });

  it("a call that sends nothing before its answer stays plain JSON", async () => {
    await using server = await serve(createFixtureServer(), { json: true });
    const sessionId = await initializeSession(server.url);
    const response = await post(server.url, callTool(4, "echo", { text: "plain" }), {
      "Mcp-Session-Id": sessionId,
    });
    expect(response.headers.get("content-type")).toBe("application/json");
  });
});

describe("stateless mode and server-to-client requests", () => {
  it("says that stateless mode is the limit, not the client's capabilities", async () => {
    await using server = await serve(createFixtureServer(), { stateless: true });
    await using client = await Client.connect(server.url, {
      onSampling: () => ({ role: "assistant", content: { type: "text", text: "hi" }, model: "m" }),
    });
    const result = await client.callTool("ask_model", { prompt: "hello" });
    expect(result.isError).toBe(true);
    expect(result.content[0]).toMatchObject({ text: expect.stringContaining("stateless HTTP mode") });
    expect(result.content[0]).not.toMatchObject({ text: expect.stringContaining("does not support") });
  });
});

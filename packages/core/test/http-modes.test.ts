import { describe, expect, it } from "vitest";
import { Client, staticTokenVerifier } from "../src/index.js";
import {
  callTool,
  createFixtureServer,
  Gates,
  INITIALIZE,
  post,
  readMessages,
  serve,
} from "./http-fixture.js";
import { waitFor } from "./wait-for.js";

describe("HTTP modes", () => {
  it("stateless: no session id, each POST served and cleaned up on its own", async () => {
    const mcp = createFixtureServer();
    await using server = await serve(mcp, { stateless: true });
    const init = await post(server.url, INITIALIZE);
    expect(init.status).toBe(200);
    expect(init.headers.get("mcp-session-id")).toBeNull();
    await init.text();
    const call = await post(server.url, callTool(2, "echo", { text: "hello" }));
    expect(await readMessages(call)).toEqual([
      { jsonrpc: "2.0", id: 2, result: { content: [{ type: "text", text: "hello" }] } },
    ]);
    expect(mcp.sessionCount).toBe(0);
    expect((await fetch(server.url, { headers: { Accept: "text/event-stream" } })).status).toBe(405);
    expect((await fetch(server.url, { method: "DELETE" })).status).toBe(405);

    await using client = await Client.connect(server.url);
    expect((await client.callTool("echo", { text: "via client" })).content).toEqual([
      { type: "text", text: "via client" },
    ]);
    expect(mcp.sessionCount).toBe(0);
  });

  it("json: answers with application/json, batches as arrays", async () => {
    await using server = await serve(createFixtureServer(), { json: true, stateless: true });
    const single = await post(server.url, callTool(1, "echo", { text: "a" }));
    expect(single.headers.get("content-type")).toBe("application/json");
    expect(await single.json()).toEqual({
      jsonrpc: "2.0",
      id: 1,
      result: { content: [{ type: "text", text: "a" }] },
    });
    const batch = await post(server.url, [
      callTool(1, "echo", { text: "a" }),
      callTool(2, "echo", { text: "b" }),
    ]);
    const answers = (await batch.json()) as Array<{ id: number }>;
    expect(answers.map((answer) => answer.id).sort()).toEqual([1, 2]);
  });

  it("answers with JSON when the client accepts only JSON", async () => {
    await using server = await serve(createFixtureServer(), { stateless: true });
    const response = await post(server.url, callTool(1, "echo", { text: "a" }), {
      Accept: "application/json",
    });
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.json()).toMatchObject({
      id: 1,
      result: { content: [{ type: "text", text: "a" }] },
    });
  });

  it("json mode still works for a Client with sessions", async () => {
    const mcp = createFixtureServer();
    await using server = await serve(mcp, { json: true });
    await using client = await Client.connect(server.url);
    expect((await client.callTool("progress", { steps: 2 })).content).toEqual([
      { type: "text", text: "done 2" },
    ]);
    expect(mcp.sessionCount).toBe(1);
  });

  it("legacy SSE: /sse and /messages, with a Client connecting by an /sse URL", async () => {
    const mcp = createFixtureServer();
    await using server = await serve(mcp, { transport: "sse" });
    expect(new URL(server.url).pathname).toBe("/sse");
    const logs: unknown[] = [];
    const client = await Client.connect(server.url, { onLog: (m) => logs.push(m.data) });
    expect((await client.callTool("progress", { steps: 2 })).content).toEqual([
      { type: "text", text: "done 2" },
    ]);
    expect(logs).toEqual(["step 1", "step 2"]);
    expect(mcp.sessionCount).toBe(1);
    await client.close();
    await waitFor(() => mcp.sessionCount === 0, "the closed client's session to end");

    const unknown = await post(
      new URL("/messages?sessionId=nope", server.url).href,
      callTool(1, "echo", { text: "x" }),
    );
    expect(unknown.status).toBe(404);
    const missing = await post(new URL("/messages", server.url).href, callTool(1, "echo", { text: "x" }));
    expect(missing.status).toBe(400);
  });

  it("legacy SSE: shutdown lets a call in flight finish first", async () => {
    const gates = new Gates();
    const mcp = createFixtureServer({ gate: gates.wait });
    const server = await serve(mcp, { transport: "sse" });
    const client = await Client.connect(server.url);
    const call = client.callTool("wait");
    await gates.reached("answer");
    const closing = server.running.close();
    // Held until the server refuses new work: a close that did not wait would have failed the call.
    await expect(fetch(server.url)).rejects.toThrow();
    gates.open("answer");
    expect((await call).content).toEqual([{ type: "text", text: "waited" }]);
    await closing;
    expect(mcp.sessionCount).toBe(0);
    await client.close();
  });

  it("legacy SSE: bearer auth applies to the stream and the messages", async () => {
    const verify = staticTokenVerifier({ "secret-a": "alice" });
    await using server = await serve(createFixtureServer(), { transport: "sse", auth: { verify } });
    expect((await fetch(server.url, { headers: { Accept: "text/event-stream" } })).status).toBe(401);
    expect(
      (await post(new URL("/messages?sessionId=x", server.url).href, callTool(1, "whoami"))).status,
    ).toBe(401);
    await using client = await Client.connect(server.url, { headers: { Authorization: "Bearer secret-a" } });
    expect((await client.callTool("whoami")).content).toEqual([{ type: "text", text: "alice" }]);
  });
});

import { afterEach, describe, expect, it, vi } from "vitest";
import { Client, McpError } from "../src/index.js";
import { callTool, createFixtureServer, Gates, initializeSession, post, serve } from "./http-fixture.js";
import { deferred, waitFor } from "./wait-for.js";

/** A fixture whose `hang` tool reports when it starts and when its signal aborts. */
function watchedServer() {
  const started = deferred();
  const aborted = deferred<unknown>();
  const mcp = createFixtureServer({ started: started.resolve, aborted: aborted.resolve });
  return { mcp, hasStarted: started.promise, wasAborted: aborted.promise };
}

/** Reads `reader` until the text read so far contains `marker`, or to the end without one. */
async function readUntil(reader: ReadableStreamDefaultReader<string>, marker?: string): Promise<string> {
  let text = "";
  while (marker === undefined || !text.includes(marker)) {
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
  }
  return text;
}

afterEach(() => {
  vi.useRealTimers();
});

describe("Streamable HTTP lifecycle", () => {
  it("answers GET /health without a session", async () => {
    await using server = await serve(createFixtureServer());
    const response = await fetch(new URL("/health", server.url));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("answers 503 on GET /health while the health option reports a problem, without its detail", async () => {
    let report: { ok: boolean; error?: string } = { ok: false, error: "connect ECONNREFUSED 10.0.0.7:6379" };
    await using server = await serve(createFixtureServer(), { health: async () => report });
    const down = await fetch(new URL("/health", server.url));
    expect(down.status).toBe(503);
    expect(await down.text()).toBe('{"status":"unavailable"}');
    report = { ok: true };
    const up = await fetch(new URL("/health", server.url));
    expect(up.status).toBe(200);
    expect(await up.json()).toEqual({ status: "ok" });
  });

  it("serves custom routes beside the MCP endpoint", async () => {
    await using server = await serve(createFixtureServer(), {
      routes: {
        "GET /version": () => Response.json({ version: "1.2.3" }),
        "/echo": async (request) => new Response(`${request.method} ${await request.text()}`),
      },
    });
    expect(await (await fetch(new URL("/version", server.url))).json()).toEqual({ version: "1.2.3" });
    const echoed = await fetch(new URL("/echo", server.url), { method: "POST", body: "ping" });
    expect(await echoed.text()).toBe("POST ping");
    expect((await fetch(new URL("/version", server.url), { method: "POST" })).status).toBe(404);
  });

  it("aborts the handler's ctx.signal when the client disconnects mid-call", async () => {
    const { mcp, hasStarted, wasAborted } = watchedServer();
    await using server = await serve(mcp);
    const sessionId = await initializeSession(server.url);
    const controller = new AbortController();
    const call = fetch(server.url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json, text/event-stream",
        "Mcp-Session-Id": sessionId,
      },
      body: JSON.stringify(callTool(2, "hang")),
      signal: controller.signal,
    });
    await hasStarted;
    controller.abort();
    await expect(call.then((response) => response.text())).rejects.toThrow();
    expect(String(await wasAborted)).toContain("disconnected");
    // The session itself survives the dropped request.
    expect(mcp.sessionCount).toBe(1);
    const next = await post(server.url, callTool(3, "echo", { text: "after" }), {
      "Mcp-Session-Id": sessionId,
    });
    expect(await next.text()).toContain("after");
  });

  it("aborts ctx.signal on disconnect in stateless mode too, and leaves no session", async () => {
    const { mcp, hasStarted, wasAborted } = watchedServer();
    await using server = await serve(mcp, { stateless: true });
    const controller = new AbortController();
    const aborting = fetch(server.url, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream" },
      body: JSON.stringify(callTool(2, "hang")),
      signal: controller.signal,
    }).catch(() => undefined);
    await hasStarted;
    controller.abort();
    await aborting;
    expect(await wasAborted).toBeDefined();
    await waitFor(() => mcp.sessionCount === 0, "the stateless session to close");
  });

  it("sends SSE keep-alive comments during a long call", async () => {
    const gates = new Gates();
    await using server = await serve(createFixtureServer({ gate: gates.wait }), { keepAliveMs: 40 });
    const sessionId = await initializeSession(server.url);
    const response = await post(server.url, callTool(2, "wait"), { "Mcp-Session-Id": sessionId });
    const reader = (response.body as ReadableStream<Uint8Array>)
      .pipeThrough(new TextDecoderStream())
      .getReader();
    // The call is held until a keep-alive arrives, so the comment came while it was in flight.
    const beforeAnswer = await readUntil(reader, ": keep-alive");
    expect(beforeAnswer).toContain(": keep-alive");
    expect(beforeAnswer).not.toContain('"result"');
    gates.open("answer");
    expect(await readUntil(reader)).toContain('"result":{"content":[{"type":"text","text":"waited"}]}');
  });

  it("shuts down gracefully: in-flight calls finish, new requests are refused, sessions close", async () => {
    let shutDown = false;
    const gates = new Gates();
    const mcp = createFixtureServer({ gate: gates.wait });
    mcp.options.lifespan = () => () => {
      shutDown = true;
    };
    const server = await serve(mcp);
    const client = await Client.connect(server.url);
    const call = client.callTool("wait");
    await gates.reached("answer");
    const closing = server.running.close();
    // The call is held until the server refuses new work: a close that did not wait for it would
    // have failed it by then.
    await expect(fetch(server.url, { method: "POST" })).rejects.toThrow();
    gates.open("answer");
    expect((await call).content).toEqual([{ type: "text", text: "waited" }]);
    await closing;
    await server.running.closed;
    expect(mcp.sessionCount).toBe(0);
    expect(shutDown).toBe(true);
    await expect(fetch(server.url, { method: "POST" })).rejects.toThrow();
    await client.close();
  });

  it("bounds the wait for in-flight calls at shutdown and fails them for the client", async () => {
    const { mcp, hasStarted, wasAborted } = watchedServer();
    const server = await serve(mcp, { shutdownTimeoutMs: 100 });
    const client = await Client.connect(server.url);
    const call = client.callTool("hang");
    await hasStarted;
    // The server's clock stands still until the test moves it, so only reaching the bound ends the wait.
    vi.useFakeTimers({ toFake: ["Date"] });
    const closing = server.running.close();
    await expect(fetch(server.url, { method: "POST" })).rejects.toThrow();
    vi.setSystemTime(Date.now() + 100);
    await closing;
    await expect(call).rejects.toBeInstanceOf(McpError);
    expect(await wasAborted).toBeDefined();
    expect(mcp.sessionCount).toBe(0);
    await client.close();
  });
});

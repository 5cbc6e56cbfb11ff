import { describe, expect, it } from "vitest";
import { Client, McpError } from "../src/index.js";
import { callTool, createFixtureServer, initializeSession, post, serve } from "./http-fixture.js";

/** A fixture whose `hang` tool reports when it starts and when its signal aborts. */
function watchedServer() {
  let started!: () => void;
  let aborted!: (reason: unknown) => void;
  const hasStarted = new Promise<void>((resolve) => {
    started = resolve;
  });
  const wasAborted = new Promise<unknown>((resolve) => {
    aborted = resolve;
  });
  return { mcp: createFixtureServer({ started, aborted }), hasStarted, wasAborted };
}

describe("Streamable HTTP lifecycle", () => {
  it("answers GET /health without a session", async () => {
    await using server = await serve(createFixtureServer());
    const response = await fetch(new URL("/health", server.url));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
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
    await expect.poll(() => mcp.sessionCount).toBe(0);
  });

  it("sends SSE keep-alive comments during a long call", async () => {
    await using server = await serve(createFixtureServer(), { keepAliveMs: 40 });
    const sessionId = await initializeSession(server.url);
    const response = await post(server.url, callTool(2, "slow", { ms: 250 }), {
      "Mcp-Session-Id": sessionId,
    });
    const text = await response.text();
    expect(text).toContain(": keep-alive");
    expect(text).toContain("slept 250");
  });

  it("shuts down gracefully: in-flight calls finish, new requests are refused, sessions close", async () => {
    let shutDown = false;
    const mcp = createFixtureServer();
    mcp.options.lifespan = () => () => {
      shutDown = true;
    };
    const server = await serve(mcp);
    const client = await Client.connect(server.url);
    const call = client.callTool("slow", { ms: 300 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closing = server.running.close();
    expect((await call).content).toEqual([{ type: "text", text: "slept 300" }]);
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
    const started = Date.now();
    await server.running.close();
    expect(Date.now() - started).toBeLessThan(2_000);
    await expect(call).rejects.toBeInstanceOf(McpError);
    expect(await wasAborted).toBeDefined();
    expect(mcp.sessionCount).toBe(0);
    await client.close();
  });
});

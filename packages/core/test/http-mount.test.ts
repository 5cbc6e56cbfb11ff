import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { Client, createHttpHandler } from "../src/index.js";
import { callTool, createFixtureServer, INITIALIZE, JSON_AND_SSE, readMessages } from "./http-fixture.js";

describe("mounting the MCP endpoint in an existing app", () => {
  it("node (req, res) handler inside a plain node:http server, beside the app's own routes", async () => {
    const mcp = createFixtureServer();
    const endpoint = createHttpHandler(mcp);
    const app = createServer((request, response) => {
      if (request.url === "/mcp") return void endpoint.node(request, response);
      response.writeHead(200, { "Content-Type": "text/plain" }).end("the app's own page");
    });
    await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
    const { port } = app.address() as AddressInfo;
    try {
      await using client = await Client.connect(`http://127.0.0.1:${port}/mcp`);
      expect((await client.callTool("echo", { text: "mounted" })).content).toEqual([
        { type: "text", text: "mounted" },
      ]);
      expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe("the app's own page");
      expect(mcp.sessionCount).toBe(1);
    } finally {
      await endpoint.close();
      app.closeAllConnections();
      await new Promise((resolve) => app.close(resolve));
    }
    expect(mcp.sessionCount).toBe(0);
  });

  it("node handler accepts a body an Express-style middleware already parsed", async () => {
    const endpoint = createHttpHandler(createFixtureServer(), { stateless: true });
    const app = createServer(async (request, response) => {
      let text = "";
      for await (const chunk of request) text += chunk;
      Object.assign(request, { body: JSON.parse(text) as unknown });
      await endpoint.node(request, response);
    });
    await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
    const { port } = app.address() as AddressInfo;
    try {
      const response = await fetch(`http://127.0.0.1:${port}/mcp`, {
        method: "POST",
        headers: JSON_AND_SSE,
        body: JSON.stringify(callTool(1, "echo", { text: "parsed" })),
      });
      expect(await readMessages(response)).toMatchObject([
        { id: 1, result: { content: [{ text: "parsed" }] } },
      ]);
    } finally {
      await endpoint.close();
      app.closeAllConnections();
      await new Promise((resolve) => app.close(resolve));
    }
  });

  it("fetch(Request) -> Response handler, called directly as Hono and friends would", async () => {
    const mcp = createFixtureServer();
    const endpoint = createHttpHandler(mcp);
    const request = (body: unknown, headers: Record<string, string> = {}) =>
      endpoint.fetch(
        new Request("http://localhost/mcp", {
          method: "POST",
          headers: { ...JSON_AND_SSE, ...headers },
          body: JSON.stringify(body),
        }),
      );
    const init = await request(INITIALIZE);
    expect(init.status).toBe(200);
    const sessionId = init.headers.get("mcp-session-id") as string;
    expect(await readMessages(init)).toMatchObject([
      { id: 1, result: { serverInfo: { name: "http-fixture" } } },
    ]);

    const call = await request(callTool(2, "progress", { steps: 2 }), { "Mcp-Session-Id": sessionId });
    expect(call.headers.get("content-type")).toBe("text/event-stream");
    const messages = await readMessages(call);
    // The call's log messages arrive on its own stream, before its result.
    expect(messages.map((message) => message.method ?? "result")).toEqual([
      "notifications/message",
      "notifications/message",
      "result",
    ]);
    expect(messages.at(-1)).toMatchObject({ id: 2, result: { content: [{ type: "text", text: "done 2" }] } });

    const foreign = await endpoint.fetch(
      new Request("http://evil.example.com/mcp", { method: "POST", body: "{}" }),
    );
    expect(foreign.status).toBe(403);
    const deleted = await endpoint.fetch(
      new Request("http://localhost/mcp", { method: "DELETE", headers: { "Mcp-Session-Id": sessionId } }),
    );
    expect(deleted.status).toBe(200);
    expect(mcp.sessionCount).toBe(0);
    await endpoint.close();
  });

  it("fetch handler aborts ctx.signal when the request is aborted mid-call", async () => {
    let aborted: (reason: unknown) => void = () => {};
    const wasAborted = new Promise((resolve) => {
      aborted = resolve;
    });
    let started: () => void = () => {};
    const hasStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    const endpoint = createHttpHandler(createFixtureServer({ started, aborted }), { stateless: true });
    const controller = new AbortController();
    const response = await endpoint.fetch(
      new Request("http://localhost/mcp", {
        method: "POST",
        headers: JSON_AND_SSE,
        body: JSON.stringify(callTool(1, "hang")),
        signal: controller.signal,
      }),
    );
    expect(response.status).toBe(200);
    await hasStarted;
    controller.abort();
    expect(await wasAborted).toBeDefined();
    await endpoint.close();
  });
});

import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { ENGINE } from "../src/engine/servable.js";
import { FetchExchange } from "../src/http/fetch-exchange.js";
import { type EventSink, NodeExchange } from "../src/http/http-exchange.js";
import { McpHttpHandler } from "../src/http/http-handler.js";
import type { KeepAlive } from "../src/http/sse-event.js";
import {
  callTool,
  createFixtureServer,
  Gates,
  initializeSession,
  post,
  readMessages,
} from "./http-fixture.js";

/**
 * What keeps a busy SSE server's young generation small (bench/README.md, "HTTP stateful"):
 * answered streams leave the keep-alive set at once, and sinks have no getters of their own.
 */
describe("SSE response streams and memory", () => {
  it("watches a POST stream for keep-alive while it is open and forgets it once answered", async () => {
    const gates = new Gates();
    const mcp = createFixtureServer({ gate: gates.wait });
    await mcp.start();
    const handler = new McpHttpHandler(mcp[ENGINE], {});
    const watched = () => (handler as unknown as { keepAlive: KeepAlive }).keepAlive.size;
    const app = createServer((request, response) => void handler.node(request, response));
    await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(app.address() as AddressInfo).port}/mcp`;
    try {
      const sessionId = await initializeSession(url);
      const headers = { "Mcp-Session-Id": sessionId };
      for (let id = 2; id < 22; id++) {
        const [answer] = await readMessages(
          await post(url, callTool(id, "echo", { text: `${id}` }), headers),
        );
        expect(answer).toMatchObject({ id, result: { content: [{ type: "text", text: `${id}` }] } });
      }
      expect(watched()).toBe(0);

      const held = post(url, callTool(30, "wait"), headers);
      await gates.reached("answer");
      expect(watched()).toBe(1);
      gates.open("answer");
      expect(await readMessages(await held)).toMatchObject([{ id: 30 }]);
      expect(watched()).toBe(0);
    } finally {
      await handler.close();
      await new Promise((resolve) => app.close(resolve));
    }
  });

  it("gives both exchanges' sinks plain properties, not getters (V8 keeps such literals in dictionary mode)", async () => {
    const ownGetters = (sink: EventSink) =>
      Object.entries(Object.getOwnPropertyDescriptors(sink)).filter(([, descriptor]) => descriptor.get);

    const fetchSink = new FetchExchange(new Request("http://localhost/mcp")).openStream(200, {});
    expect(ownGetters(fetchSink)).toEqual([]);
    expect(fetchSink.closed).toBe(false);
    fetchSink.end("data: done\n\n");
    expect(fetchSink.closed).toBe(true);

    let nodeSink: EventSink | undefined;
    const app = createServer((request, response) => {
      nodeSink = new NodeExchange(request, response).openStream(200, { "Content-Type": "text/event-stream" });
      nodeSink.end("data: done\n\n");
    });
    await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(app.address() as AddressInfo).port}/`);
      expect(await response.text()).toBe("data: done\n\n");
      expect(ownGetters(nodeSink as EventSink)).toEqual([]);
      expect(nodeSink?.closed).toBe(true);
    } finally {
      await new Promise((resolve) => app.close(resolve));
    }
  });
});

import { describe, expect, it } from "vitest";
import { Client, createHttpHandler } from "../src/index.js";
import {
  callTool,
  createFixtureServer,
  Gates,
  initializeSession,
  listen,
  post,
  serve,
} from "./http-fixture.js";
import { waitFor } from "./wait-for.js";

describe("SSE polling (SEP-1699): the server closes a long call's stream, the client resumes it", () => {
  it("keeps what the call sends after closing, and replays it on GET with Last-Event-ID", async () => {
    const gates = new Gates();
    await using server = await serve(createFixtureServer({ gate: gates.wait }), { closeStreamsAfterMs: 50 });
    const sessionId = await initializeSession(server.url);
    const headers = { "Mcp-Session-Id": sessionId };
    // The call is held before its log, so the server closing the stream is what ends this read.
    const first = await (await post(server.url, callTool(2, "log_then_wait", {}), headers)).text();
    expect(first).toMatch(/^id: \S+_0\nretry: \d+\ndata: \n\n/);
    expect(first).not.toContain('"result"');
    const lastEventId = [...first.matchAll(/^id: (\S+)$/gm)].at(-1)?.[1] as string;
    // The log goes out while no stream is open: it must be kept for the resumed one.
    gates.open("log");
    await gates.reached("answer");

    const resumed = await fetch(server.url, {
      headers: { ...headers, Accept: "text/event-stream", "Last-Event-ID": lastEventId },
    });
    expect(resumed.status).toBe(200);
    // The answer comes while the resumed stream is open: it is carried live, and ends the stream.
    gates.open("answer");
    const rest = await resumed.text();
    expect(rest).toContain('"method":"notifications/message"');
    expect(rest).toContain('"result":{"content":[{"type":"text","text":"waited"}]}');
    // Once replayed to the end, the stream is gone.
    const again = await fetch(server.url, {
      headers: { ...headers, Accept: "text/event-stream", "Last-Event-ID": lastEventId },
    });
    expect(again.status).toBe(204);
  });

  it("a Client connected by URL gets its result through the resumed stream", async () => {
    const gates = new Gates();
    const endpoint = createHttpHandler(createFixtureServer({ gate: gates.wait }), {
      closeStreamsAfterMs: 50,
    });
    let resumed = false;
    await using app = await listen(async (request, response) => {
      if (request.method === "GET" && request.headers["last-event-id"] !== undefined) {
        // The client is back for the stream the server closed: the log goes out before it is
        // served, so it reaches the client only if it was kept.
        gates.open("log");
        await gates.reached("answer");
        resumed = true;
      }
      void endpoint.node(request, response);
    });
    const logs: unknown[] = [];
    await using client = await Client.connect(`${app.origin}/mcp`, {
      onLog: (message) => logs.push(message.data),
    });
    const call = client.callTool("log_then_wait");
    await waitFor(() => resumed, "the client to resume its closed stream");
    gates.open("answer");
    expect((await call).content).toEqual([{ type: "text", text: "waited" }]);
    expect(logs).toEqual(["waiting"]);
    expect((await client.callTool("echo", { text: "quick" })).content).toEqual([
      { type: "text", text: "quick" },
    ]);
    await endpoint.close();
  });
});

import { describe, expect, it } from "vitest";
import { Client } from "../src/index.js";
import { callTool, createFixtureServer, initializeSession, post, serve } from "./http-fixture.js";

describe("SSE polling (SEP-1699): the server closes a long call's stream, the client resumes it", () => {
  it("keeps what the call sends after closing, and replays it on GET with Last-Event-ID", async () => {
    const mcp = createFixtureServer();
    await using server = await serve(mcp, { closeStreamsAfterMs: 50 });
    const sessionId = await initializeSession(server.url);
    const headers = { "Mcp-Session-Id": sessionId };
    const first = await (await post(server.url, callTool(2, "progress_then_wait", {}), headers)).text();
    expect(first).toMatch(/^id: \S+_0\nretry: \d+\ndata: \n\n/);
    expect(first).not.toContain('"result"');
    const lastEventId = [...first.matchAll(/^id: (\S+)$/gm)].at(-1)?.[1] as string;

    const resumed = await fetch(server.url, {
      headers: { ...headers, Accept: "text/event-stream", "Last-Event-ID": lastEventId },
    });
    expect(resumed.status).toBe(200);
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
    const mcp = createFixtureServer();
    await using server = await serve(mcp, { closeStreamsAfterMs: 50 });
    const logs: unknown[] = [];
    await using client = await Client.connect(server.url, { onLog: (message) => logs.push(message.data) });
    expect((await client.callTool("progress_then_wait")).content).toEqual([{ type: "text", text: "waited" }]);
    expect(logs).toEqual(["waiting"]);
    expect((await client.callTool("echo", { text: "quick" })).content).toEqual([
      { type: "text", text: "quick" },
    ]);
  });
});

import { describe, expect, it } from "vitest";
import { Client, ErrorCode, FastMCP } from "../src/index.js";
import { callTool, createFixtureServer, post, readMessages, serve } from "./http-fixture.js";
import { waitFor } from "./wait-for.js";

/** Opens sessions one after another, at most `attempts`, until one is refused; returns the open ids and the refusal. */
async function openUntilRefused(url: string, attempts: number) {
  const opened: string[] = [];
  for (let attempt = 0; attempt < attempts; attempt++) {
    const response = await post(url, {
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "loop", version: "1" } },
    });
    if (response.status !== 200) return { opened, refused: response };
    await response.text();
    opened.push(response.headers.get("mcp-session-id") as string);
  }
  return { opened, refused: undefined };
}

describe("HTTP session limits", () => {
  it("refuses the Streamable HTTP session past maxSessions with 503 and a JSON-RPC error, and keeps serving", async () => {
    const mcp = createFixtureServer();
    await using server = await serve(mcp, { maxSessions: 3 });
    const { opened, refused } = await openUntilRefused(server.url, 10);
    expect(opened).toHaveLength(3);
    expect(refused?.status).toBe(503);
    expect(refused?.headers.get("retry-after")).toBe("30");
    expect(await refused?.json()).toEqual({
      jsonrpc: "2.0",
      id: null,
      error: {
        code: ErrorCode.ConnectionClosed,
        message:
          "Service unavailable: this server already has 3 open sessions, its limit (maxSessions); retry later",
      },
    });

    const headers = { "Mcp-Session-Id": opened[0] as string, "MCP-Protocol-Version": "2025-11-25" };
    const answer = await readMessages(
      await post(server.url, callTool(2, "echo", { text: "still here" }), headers),
    );
    expect(answer[0]).toMatchObject({ id: 2, result: { content: [{ type: "text", text: "still here" }] } });

    const ended = await fetch(server.url, { method: "DELETE", headers });
    expect(ended.status).toBe(200);
    await waitFor(() => mcp.sessionCount === 2, "the ended session to close");
    await using client = await Client.connect(server.url);
    expect((await client.callTool("echo", { text: "room again" })).content).toEqual([
      { type: "text", text: "room again" },
    ]);
  });

  it("counts legacy SSE streams against maxSessions", async () => {
    const mcp = createFixtureServer();
    await using server = await serve(mcp, { transport: "sse", maxSessions: 2 });
    await using first = await Client.connect(server.url);
    const second = await Client.connect(server.url);
    const refused = await fetch(server.url, { headers: { Accept: "text/event-stream" } });
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain("maxSessions");
    expect((await first.callTool("echo", { text: "served" })).content).toEqual([
      { type: "text", text: "served" },
    ]);

    await second.close();
    await waitFor(() => mcp.sessionCount === 1, "the closed stream's session to end");
    await using third = await Client.connect(server.url);
    expect((await third.callTool("echo", { text: "third" })).content).toEqual([
      { type: "text", text: "third" },
    ]);
  });

  it("rejects a maxSessions that is not a positive integer when serving starts", async () => {
    const mcp = new FastMCP({ name: "bad", logLevel: "silent" });
    await expect(serve(mcp, { maxSessions: 0 })).rejects.toThrow(
      "maxSessions must be a positive integer, not 0",
    );
  });
});

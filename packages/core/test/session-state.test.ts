import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  Client,
  FastMCP,
  type FastMCPOptions,
  type KeyValueStore,
  MemoryStore,
  staticTokenVerifier,
} from "../src/index.js";
import { serve } from "./http-fixture.js";
import { waitFor } from "./wait-for.js";

/** A MemoryStore that counts the values it holds, so a test sees them go. */
class CountingStore extends MemoryStore implements KeyValueStore {
  readonly live = new Set<string>();
  override async set(key: string, value: string, options?: { ttlMs?: number }): Promise<void> {
    this.live.add(key);
    return super.set(key, value, options);
  }
  override async delete(key: string): Promise<boolean> {
    this.live.delete(key);
    return super.delete(key);
  }
}

function server(options: Partial<FastMCPOptions> = {}): FastMCP {
  const mcp = new FastMCP({ name: "stateful", logLevel: "silent", ...options });
  mcp.tool(
    { name: "remember", input: { key: z.string(), value: z.unknown() } },
    async ({ key, value }, ctx) => {
      await ctx.state.set(key, value);
      return "ok";
    },
  );
  mcp.tool({ name: "recall", input: { key: z.string() } }, async ({ key }, ctx) => ({
    value: (await ctx.state.get(key)) ?? null,
  }));
  mcp.tool({ name: "forget", input: { key: z.string() } }, async ({ key }, ctx) =>
    String(await ctx.state.delete(key)),
  );
  mcp.tool({ name: "remember_bigint" }, async (_args, ctx) => {
    await ctx.state.set("n", 1n);
    return "ok";
  });
  return mcp;
}

async function recall(client: Client, key: string): Promise<unknown> {
  return ((await client.callTool("recall", { key })).structuredContent as { value: unknown }).value;
}

describe("ctx.state", () => {
  it("keeps JSON values per session across calls, apart from other sessions, until deleted", async () => {
    const mcp = server();
    await using first = await Client.connect(mcp);
    await using second = await Client.connect(mcp);
    await first.callTool("remember", { key: "cart", value: { items: ["tea", 2], gift: false } });
    expect(await recall(first, "cart")).toEqual({ items: ["tea", 2], gift: false });
    expect(await recall(second, "cart")).toBeNull();
    expect((await first.callTool("forget", { key: "cart" })).content).toEqual([
      { type: "text", text: "true" },
    ]);
    expect(await recall(first, "cart")).toBeNull();
    expect((await first.callTool("forget", { key: "cart" })).content).toEqual([
      { type: "text", text: "false" },
    ]);
  });

  it("expires values after the server's ttl, on the store's clock", async () => {
    let now = 1_000;
    const mcp = server({ store: new MemoryStore(() => now), state: { ttlMs: 60_000 } });
    await using client = await Client.connect(mcp);
    await client.callTool("remember", { key: "token", value: "abc" });
    now += 59_999;
    expect(await recall(client, "token")).toBe("abc");
    now += 1;
    expect(await recall(client, "token")).toBeNull();
  });

  it("refuses a value over maxValueBytes and a key past maxKeys with clear tool errors, keeping the rest", async () => {
    const mcp = server({ state: { maxValueBytes: 16, maxKeys: 2 } });
    await using client = await Client.connect(mcp);
    const big = await client.callTool("remember", { key: "big", value: "x".repeat(20) });
    expect(big.isError).toBe(true);
    expect(big.content).toEqual([
      {
        type: "text",
        text: 'The value for "big" is 22 bytes as JSON, over this server\'s limit of 16 bytes per state value.',
      },
    ]);
    await client.callTool("remember", { key: "a", value: 1 });
    await client.callTool("remember", { key: "b", value: 2 });
    const third = await client.callTool("remember", { key: "c", value: 3 });
    expect(third.isError).toBe(true);
    expect(third.content[0]).toMatchObject({ text: expect.stringContaining("already holds 2 state values") });
    expect((await client.callTool("remember", { key: "a", value: 10 })).isError).toBeUndefined();
    expect(await recall(client, "a")).toBe(10);
    expect(await recall(client, "c")).toBeNull();
  });

  it("treats a value JSON cannot hold as the tool's bug", async () => {
    await using client = await Client.connect(server({ maskErrorDetails: true }));
    expect(await client.callTool("remember_bigint")).toEqual({
      content: [{ type: "text", text: "Error calling tool remember_bigint" }],
      isError: true,
    });
  });

  it("deletes a session's values from the store when the session closes", async () => {
    const store = new CountingStore();
    const mcp = server({ store });
    const client = await Client.connect(mcp);
    await client.callTool("remember", { key: "a", value: 1 });
    await client.callTool("remember", { key: "b", value: 2 });
    expect(store.live.size).toBe(2);
    await client.close();
    await waitFor(() => store.live.size === 0, "the closed session's values to be deleted");
  });

  it("follows the authenticated principal across HTTP sessions, apart from other principals", async () => {
    const verify = staticTokenVerifier({ "secret-a": "alice", "secret-b": "bob" });
    await using running = await serve(server(), { auth: { verify } });
    const as = (token: string) =>
      Client.connect(running.url, { headers: { Authorization: `Bearer ${token}` } });
    {
      await using alice = await as("secret-a");
      await alice.callTool("remember", { key: "theme", value: "dark" });
    }
    await using aliceAgain = await as("secret-a");
    await using bob = await as("secret-b");
    expect(await recall(aliceAgain, "theme")).toBe("dark");
    expect(await recall(bob, "theme")).toBeNull();
  });

  it("refuses clearly on stateless HTTP without authentication", async () => {
    await using running = await serve(server(), { stateless: true });
    await using client = await Client.connect(running.url);
    const result = await client.callTool("remember", { key: "a", value: 1 });
    expect(result.isError).toBe(true);
    expect(result.content[0]).toMatchObject({
      text: expect.stringContaining("stateless HTTP mode without authentication"),
    });
  });
});

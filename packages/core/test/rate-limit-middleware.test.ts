import { describe, expect, it } from "vitest";
import { Client, FastMCP, rateLimit, staticTokenVerifier } from "../src/index.js";
import { MemoryStore } from "../src/store/memory-store.js";
import { serve } from "./http-fixture.js";

function server() {
  return new FastMCP({ name: "test", logLevel: "silent" });
}

const text = (result: { content: unknown[] }) => (result.content[0] as { text: string }).text;

describe("rateLimit middleware", () => {
  it("limits each principal on its own, by the identity the HTTP authentication verified", async () => {
    const mcp = server();
    mcp.tool({ name: "search" }, () => "found");
    mcp.use(rateLimit({ perPrincipal: "2/hour" }));
    const verify = staticTokenVerifier({ "token-a": "alice", "token-b": "bob" });
    await using http = await serve(mcp, { auth: { verify } });
    await using alice = await Client.connect(http.url, { headers: { Authorization: "Bearer token-a" } });
    await using bob = await Client.connect(http.url, { headers: { Authorization: "Bearer token-b" } });
    expect((await alice.callTool("search")).isError).toBeUndefined();
    expect((await alice.callTool("search")).isError).toBeUndefined();
    const refused = await alice.callTool("search");
    expect(refused.isError).toBe(true);
    expect(text(refused)).toMatch(
      /^Rate limit exceeded for client alice \(2\/hour\)\. Retry in \d+ minutes\.$/,
    );
    expect((await bob.callTool("search")).isError).toBeUndefined();
  });

  it("takes every bucket or none on the store, and refills on the store's clock", async () => {
    let now = 0;
    const store = new MemoryStore(() => now);
    const mcp = server();
    mcp.tool({ name: "a" }, () => "a");
    mcp.tool({ name: "b" }, () => "b");
    mcp.use(
      rateLimit({ server: "3/minute", perTool: (tool) => (tool === "a" ? "1/minute" : undefined), store }),
    );
    await using client = await Client.connect(mcp);
    expect((await client.callTool("a")).isError).toBeUndefined();
    const refusedByTool = await client.callTool("a");
    expect(text(refusedByTool)).toBe("Rate limit exceeded for tool a (1/minute). Retry in 60 seconds.");
    // The tool's refusal spent nothing from the server's three.
    expect((await client.callTool("b")).isError).toBeUndefined();
    expect((await client.callTool("b")).isError).toBeUndefined();
    expect(text(await client.callTool("b"))).toMatch(/^Rate limit exceeded for this server \(3\/minute\)/);
    now += 60_000;
    expect((await client.callTool("a")).isError).toBeUndefined();
  });

  it("keeps the server's rateLimit buckets in a shared store, so replicas spend from one", async () => {
    const store = new MemoryStore();
    const replica = () => {
      const mcp = new FastMCP({ name: "replicated", logLevel: "silent", store, rateLimit: "3/hour" });
      mcp.tool({ name: "work" }, () => "done");
      return mcp;
    };
    await using a = await Client.connect(replica());
    await using b = await Client.connect(replica());
    const results = [];
    for (const client of [a, b, a, b, a, b]) results.push(await client.callTool("work"));
    expect(results.filter((result) => result.isError === undefined)).toHaveLength(3);
    expect(text(results[5] as { content: unknown[] })).toMatch(
      /^Rate limit exceeded for replicated \(3\/hour\)/,
    );
    // Another server on the same store keeps its own buckets.
    const other = new FastMCP({ name: "other", logLevel: "silent", store, rateLimit: "3/hour" });
    other.tool({ name: "work" }, () => "done");
    await using c = await Client.connect(other);
    expect((await c.callTool("work")).isError).toBeUndefined();
  });

  it("logs a refused call as rate_limited", async () => {
    const lines: string[] = [];
    const mcp = new FastMCP({ name: "logged", logSink: (line) => lines.push(line), rateLimit: "1/hour" });
    mcp.tool({ name: "once" }, () => "ok");
    await using client = await Client.connect(mcp);
    await client.callTool("once");
    await client.callTool("once");
    const outcomes = lines.map((line) => JSON.parse(line)).filter((line) => line.msg === "tools/call");
    expect(outcomes.map((line) => line.outcome)).toEqual(["ok", "rate_limited"]);
  });

  it("rejects a malformed limit when the middleware is made", () => {
    expect(() => rateLimit({ perPrincipal: "many/hour" as never })).toThrow(/Invalid rate limit/);
  });
});

import { describe, expect, it } from "vitest";
import { Client, FastMCP, rateLimit } from "../src/index.js";
import { MemoryStore } from "../src/store/memory-store.js";
import type { BucketSpec, RateLimitStore, TakeResult } from "../src/store/store.js";

/** A store that fails like a Redis client does while `down`, quoting a URL with a password. */
class FlakyStore extends MemoryStore implements RateLimitStore {
  down = false;
  override take(buckets: readonly BucketSpec[]): Promise<TakeResult> {
    if (this.down)
      return Promise.reject(new Error("connect ECONNREFUSED redis://limiter:s3cret-pass@10.0.0.5:6379"));
    return super.take(buckets);
  }
}

const text = (result: { content: unknown[] }) => (result.content[0] as { text: string }).text;
const UNAVAILABLE =
  "This call was not run: the rate limiter's store is unavailable, so the call could not be checked " +
  "against its rate limit. Retry shortly.";

function limitedServer(store: FlakyStore, rateLimitFailure?: "closed" | "open") {
  const lines: string[] = [];
  let runs = 0;
  const mcp = new FastMCP({
    name: "limited",
    store,
    rateLimit: "2/hour",
    logSink: (line) => lines.push(line),
    ...(rateLimitFailure === undefined ? {} : { rateLimitFailure }),
  });
  mcp.tool({ name: "work" }, () => `run ${++runs}`);
  const log = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { mcp, log, runs: () => runs, lines };
}

describe("rate limits while the store cannot answer", () => {
  it("refuse by default with an error saying the call was not run, the cause only in the log", async () => {
    const store = new FlakyStore();
    const server = limitedServer(store);
    await using client = await Client.connect(server.mcp);
    expect(text(await client.callTool("work"))).toBe("run 1");

    store.down = true;
    for (let call = 0; call < 3; call++) {
      const refused = await client.callTool("work");
      expect(refused.isError).toBe(true);
      expect(text(refused)).toBe(UNAVAILABLE);
    }
    expect(server.runs()).toBe(1);
    const warnings = server.log().filter((line) => line.level === "warning");
    // One line for the outage, not one per call, with the cause and without the password.
    expect(warnings).toEqual([
      expect.objectContaining({
        msg: "rate limiter store unavailable: refusing rate-limited calls until it answers",
        error: "Error: connect ECONNREFUSED redis://***@10.0.0.5:6379",
      }),
    ]);
    expect(server.lines.join("")).not.toContain("s3cret-pass");
    const outcomes = server.log().filter((line) => line.msg === "tools/call");
    expect(outcomes.map((line) => line.outcome)).toEqual([
      "ok",
      "rate_limit_unavailable",
      "rate_limit_unavailable",
      "rate_limit_unavailable",
    ]);

    store.down = false;
    expect(text(await client.callTool("work"))).toBe("run 2");
    expect(text(await client.callTool("work"))).toMatch(/^Rate limit exceeded for limited \(2\/hour\)/);
    expect(
      server.log().some((line) => line.msg === "rate limiter store answers again: rate limits apply"),
    ).toBe(true);
  });

  it("run unlimited with rateLimitFailure open, warning once per outage, and limit again once it answers", async () => {
    const store = new FlakyStore();
    const server = limitedServer(store, "open");
    await using client = await Client.connect(server.mcp);
    expect(text(await client.callTool("work"))).toBe("run 1");

    store.down = true;
    for (let call = 2; call <= 5; call++) expect(text(await client.callTool("work"))).toBe(`run ${call}`);
    store.down = false;
    // The one token left of two, then refused: the calls run during the outage spent nothing.
    expect(text(await client.callTool("work"))).toBe("run 6");
    expect((await client.callTool("work")).isError).toBe(true);
    store.down = true;
    expect(text(await client.callTool("work"))).toBe("run 7");

    const warnings = server.log().filter((line) => line.level === "warning");
    expect(warnings.map((line) => line.msg)).toEqual([
      "rate limiter store unavailable: running calls without rate limits until it answers",
      "rate limiter store unavailable: running calls without rate limits until it answers",
    ]);
  });

  it("apply to the rateLimit middleware too, with its storeFailure option", async () => {
    const store = new FlakyStore();
    store.down = true;
    const closed = new FastMCP({ name: "closed", logLevel: "silent" });
    closed.tool({ name: "work" }, () => "ran");
    closed.use(rateLimit({ perPrincipal: "5/minute", store }));
    const open = new FastMCP({ name: "open", logLevel: "silent" });
    open.tool({ name: "work" }, () => "ran");
    open.use(rateLimit({ perPrincipal: "5/minute", store, storeFailure: "open" }));
    await using closedClient = await Client.connect(closed);
    await using openClient = await Client.connect(open);
    expect(text(await closedClient.callTool("work"))).toBe(UNAVAILABLE);
    expect(text(await openClient.callTool("work"))).toBe("ran");
  });

  it("rejects a rateLimitFailure that is neither closed nor open when the server is made", () => {
    expect(() => new FastMCP({ name: "x", rateLimit: "1/hour", rateLimitFailure: "shut" as never })).toThrow(
      'rateLimitFailure must be "closed" or "open", not "shut"',
    );
    expect(() => rateLimit({ server: "1/hour", storeFailure: "ajar" as never })).toThrow(
      'storeFailure must be "closed" or "open", not "ajar"',
    );
  });
});

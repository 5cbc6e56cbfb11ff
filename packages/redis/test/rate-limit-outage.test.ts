import { Client, FastMCP, type RateLimitSpec } from "@mcpkit/core";
import { afterEach, describe, expect, it } from "vitest";
import { connectRedis, type RedisShared } from "../src/index.js";
import { RedisProcess } from "../src/testing/redis-process.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const UNAVAILABLE =
  "This call was not run: the rate limiter's store is unavailable, so the call could not be checked " +
  "against its rate limit. Retry shortly.";

const text = (result: { content: unknown[] }) => (result.content[0] as { text: string }).text;

async function startRedis(): Promise<RedisProcess> {
  const redis = await RedisProcess.start();
  cleanups.push(() => redis[Symbol.asyncDispose]());
  return redis;
}

async function connect(redis: RedisProcess): Promise<RedisShared> {
  const shared = await connectRedis({
    url: redis.url,
    prefix: "outage:",
    commandTimeoutMs: 300,
    onEvent: () => {},
  });
  cleanups.push(() => shared.close());
  return shared;
}

/** A server limited to 2 calls an hour (or `limit`) on the Redis store, with its log lines kept. */
function limitedServer(
  shared: RedisShared,
  rateLimitFailure?: "closed" | "open",
  limit: RateLimitSpec = "2/hour",
) {
  const lines: string[] = [];
  let runs = 0;
  const mcp = new FastMCP({
    name: `limited-${rateLimitFailure ?? "default"}`,
    store: shared.store,
    rateLimit: limit,
    logSink: (line) => lines.push(line),
    ...(rateLimitFailure === undefined ? {} : { rateLimitFailure }),
  });
  mcp.tool({ name: "work" }, () => `run ${++runs}`);
  const warnings = () =>
    lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.level === "warning");
  return { mcp, warnings, runs: () => runs };
}

/** Polls `check` until it holds (bounded), for Redis reconnecting in the background. */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let tries = 0; !(await check()); tries++) {
    if (tries > 1_000) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("rate limits on Redis while Redis is down", () => {
  it("refuse by default, run with rateLimitFailure open, and limit again once Redis is back", async () => {
    const redis = await startRedis();
    const shared = await connect(redis);
    const closed = limitedServer(shared);
    const open = limitedServer(shared, "open");
    await using closedClient = await Client.connect(closed.mcp);
    await using openClient = await Client.connect(open.mcp);
    expect(text(await closedClient.callTool("work"))).toBe("run 1");
    expect(text(await openClient.callTool("work"))).toBe("run 1");

    await redis.stop();
    await eventually(async () => !(await shared.health()).ok, "the outage to be seen");
    for (let call = 0; call < 3; call++) {
      const refused = await closedClient.callTool("work");
      expect(refused.isError).toBe(true);
      expect(text(refused)).toBe(UNAVAILABLE);
    }
    expect(closed.runs()).toBe(1);
    for (let call = 2; call <= 4; call++) expect(text(await openClient.callTool("work"))).toBe(`run ${call}`);
    // Once per outage each, with the store's own error (never shown to the client).
    expect(closed.warnings()).toEqual([
      expect.objectContaining({
        msg: expect.stringMatching(/refusing rate-limited calls/),
        error: expect.any(String),
      }),
    ]);
    expect(open.warnings()).toEqual([
      expect.objectContaining({ msg: expect.stringMatching(/running calls without rate limits/) }),
    ]);

    await redis.restart();
    await eventually(async () => (await shared.health()).ok, "the reconnection");
    // Redis came back empty (no persistence): two fresh tokens each, then the limit refuses.
    for (const [client, server] of [
      [closedClient, closed],
      [openClient, open],
    ] as const) {
      const before = server.runs();
      expect((await client.callTool("work")).isError).toBeUndefined();
      expect((await client.callTool("work")).isError).toBeUndefined();
      const limited = await client.callTool("work");
      expect(limited.isError).toBe(true);
      expect(text(limited)).toMatch(/^Rate limit exceeded for limited-\w+ \(2\/hour\)/);
      expect(server.runs()).toBe(before + 2);
    }
  });

  it("refuses with the same clear error when Redis is frozen and the command times out", async () => {
    const redis = await startRedis();
    const shared = await connect(redis);
    // Three tokens: the timed-out script still runs once Redis resumes, spending one.
    const closed = limitedServer(shared, "closed", "3/hour");
    await using client = await Client.connect(closed.mcp);
    expect(text(await client.callTool("work"))).toBe("run 1");
    const pid = redis.pid as number;
    process.kill(pid, "SIGSTOP");
    try {
      const refused = await client.callTool("work");
      expect(refused.isError).toBe(true);
      expect(text(refused)).toBe(UNAVAILABLE);
    } finally {
      process.kill(pid, "SIGCONT");
    }
    expect(closed.runs()).toBe(1);
    expect(closed.warnings()).toEqual([
      expect.objectContaining({ error: expect.stringMatching(/timed out/i) }),
    ]);
    await eventually(async () => (await shared.health()).ok, "Redis to answer again");
    expect(text(await client.callTool("work"))).toBe("run 2");
  });
});

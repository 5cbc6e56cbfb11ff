import { Client, PROTOCOL_2026 } from "@mcpkit/core";
import { describe, expect, it } from "vitest";
import { Deployment } from "./test-deployment.js";
import { WATCHED_RESOURCE } from "./tools/resources.js";

const text = (result: { content: unknown[] }) => (result.content[0] as { text?: string }).text;

/** The resource updates a client receives, in order, each awaitable as it arrives. */
function updatesOf(client: Client) {
  const received: unknown[] = [];
  const waiters: (() => void)[] = [];
  client.on("notifications/resources/updated", (params) => {
    received.push(params);
    for (const waiter of waiters.splice(0)) waiter();
  });
  return {
    received,
    /** Resolves once `count` updates have arrived in total. */
    until(count: number): Promise<void> {
      return new Promise((resolve) => {
        const check = () => (received.length >= count ? resolve() : waiters.push(check));
        check();
      });
    },
  };
}

const LIMITER_UNAVAILABLE =
  "This call was not run: the rate limiter's store is unavailable, so the call could not be checked " +
  "against its rate limit. Retry shortly.";

/** Polls `/health` until Redis answers the replica again (bounded): the reconnection is in its process. */
async function untilHealthy(url: string): Promise<void> {
  for (let tries = 0; (await fetch(new URL("/health", url))).status !== 200; tries++) {
    if (tries > 500) throw new Error("Timed out waiting for the replica to reach Redis again");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("three everything replicas on one Redis behind HAProxy (round robin, no stickiness)", () => {
  it("lets exactly N of 3N calls through an N-per-window server limit, though every replica served some", async () => {
    await using deployment = await Deployment.start(process.env, ["--rate-limit", "5/hour"]);
    await using client = await Client.connect(deployment.url, { protocol: PROTOCOL_2026 });
    expect(client.protocolVersion).toBe(PROTOCOL_2026);
    const results = [];
    for (let call = 0; call < 15; call++) results.push(await client.callTool("test_simple_text"));

    expect(results.slice(0, 5).map((result) => result.isError)).toEqual(Array(5).fill(undefined));
    for (const refused of results.slice(5)) {
      expect(refused.isError).toBe(true);
      expect(text(refused)).toMatch(/^Rate limit exceeded for mcpkit-everything \(5\/hour\)\. Retry in /);
    }

    // Each replica logs its calls: all 15 are there, spread over the three.
    const calls = await deployment.toolCalls(15);
    const outcomes = calls.map((served) => served.map((line) => line.outcome));
    for (const served of outcomes) expect(served.length).toBeGreaterThan(0);
    const all = outcomes.flat();
    expect(all.filter((outcome) => outcome === "ok")).toHaveLength(5);
    expect(all.filter((outcome) => outcome === "rate_limited")).toHaveLength(10);
  });

  it("carries a resource update made on one replica to listeners held on another, in both eras", async () => {
    await using deployment = await Deployment.start(process.env);
    const [a, b, c] = deployment.replicas;
    await using listener = await Client.connect(a.url, { protocol: PROTOCOL_2026 });
    const updates = updatesOf(listener);
    await using subscription = await listener.listen({ resourceSubscriptions: [WATCHED_RESOURCE] });
    expect(subscription.acknowledged.resourceSubscriptions).toEqual([WATCHED_RESOURCE]);
    // A 2025 session on the same replica, subscribed the 2025 way (its session lives on a).
    await using session = await Client.connect(a.url);
    expect(session.protocolVersion).not.toBe(PROTOCOL_2026);
    const sessionUpdates = updatesOf(session);
    await session.subscribe(WATCHED_RESOURCE);

    for (const [index, replica] of [b, c, a].entries()) {
      await using writer = await Client.connect(replica.url, { protocol: PROTOCOL_2026 });
      expect((await writer.callTool("update_watched_resource")).isError).toBeUndefined();
      await Promise.all([updates.until(index + 1), sessionUpdates.until(index + 1)]);
    }
    // One update each, the listeners' own replica included: none lost, none doubled.
    const expected = Array(3).fill(expect.objectContaining({ uri: WATCHED_RESOURCE }));
    expect(updates.received).toEqual(expected);
    expect(sessionUpdates.received).toEqual(expected);
  });

  it("delivers through the load balancer every update, wherever the listen and the updates landed", async () => {
    await using deployment = await Deployment.start(process.env);
    await using listener = await Client.connect(deployment.url, { protocol: PROTOCOL_2026 });
    const updates = updatesOf(listener);
    await using _subscription = await listener.listen({ resourceSubscriptions: [WATCHED_RESOURCE] });
    await using writer = await Client.connect(deployment.url, { protocol: PROTOCOL_2026 });
    for (let update = 1; update <= 3; update++) {
      expect((await writer.callTool("update_watched_resource")).isError).toBeUndefined();
      await updates.until(update);
    }
    expect(updates.received).toHaveLength(3);
    // The three calls were spread over the replicas by HAProxy, so at least one ran on another
    // replica than the one holding the listen stream.
    const served = await deployment.toolCalls(3);
    expect(served.filter((calls) => calls.length > 0).length).toBeGreaterThan(1);
  });

  it("when Redis stops, answers 503 on /health and refuses a rate-limited call rather than run it unlimited", async () => {
    await using deployment = await Deployment.start(process.env, ["--rate-limit", "2/hour"]);
    const [a] = deployment.replicas;
    await using client = await Client.connect(a.url, { protocol: PROTOCOL_2026 });
    expect((await client.callTool("test_simple_text")).isError).toBeUndefined();
    expect((await fetch(new URL("/health", a.url))).status).toBe(200);

    await deployment.redis.stop();
    const health = await fetch(new URL("/health", a.url));
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ status: "unavailable" });
    for (let call = 0; call < 2; call++) {
      const refused = await client.callTool("test_simple_text");
      expect(refused.isError).toBe(true);
      // Not run, said as such; node-redis's "The client is offline" stays in the replica's log.
      expect(text(refused)).toBe(LIMITER_UNAVAILABLE);
    }
    await a.waitForLine((line) => line.msg === "health check failed");
    const outage = await a.waitForLine((line) =>
      line.msg.startsWith("rate limiter store unavailable: refusing"),
    );
    expect(outage.error).toMatch(/offline/);

    await deployment.redis.restart();
    await untilHealthy(a.url);
    // Redis came back empty: the limit applies again from two fresh tokens.
    expect((await client.callTool("test_simple_text")).isError).toBeUndefined();
    expect((await client.callTool("test_simple_text")).isError).toBeUndefined();
    expect(text(await client.callTool("test_simple_text"))).toMatch(
      /^Rate limit exceeded for mcpkit-everything/,
    );
  });

  it("with --rate-limit-fail-open, runs rate-limited calls while Redis is down, warning once, and limits again after", async () => {
    await using deployment = await Deployment.start(process.env, [
      "--rate-limit",
      "2/hour",
      "--rate-limit-fail-open",
    ]);
    const [a] = deployment.replicas;
    await using client = await Client.connect(a.url, { protocol: PROTOCOL_2026 });
    expect((await client.callTool("test_simple_text")).isError).toBeUndefined();

    await deployment.redis.stop();
    for (let call = 0; call < 4; call++)
      expect((await client.callTool("test_simple_text")).isError).toBeUndefined();
    const warning = (line: { msg: string }) =>
      line.msg.startsWith("rate limiter store unavailable: running calls");
    await a.waitForLine(warning);

    await deployment.redis.restart();
    await untilHealthy(a.url);
    expect((await client.callTool("test_simple_text")).isError).toBeUndefined();
    expect((await client.callTool("test_simple_text")).isError).toBeUndefined();
    expect(text(await client.callTool("test_simple_text"))).toMatch(
      /^Rate limit exceeded for mcpkit-everything/,
    );
    await a.waitForLine((line) => line.msg === "rate limiter store answers again: rate limits apply");
    // One warning for the outage, not one per call run without its limit.
    expect(a.lines().filter((line) => warning(line as { msg: string }))).toHaveLength(1);
  });
});

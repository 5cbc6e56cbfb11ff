import type { BusEvent } from "@mcpkit/core";
import { afterEach, describe, expect, it } from "vitest";
import { connectRedis, type RedisEvent, type RedisShared } from "../src/index.js";
import { RedisProcess } from "../src/testing/redis-process.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startRedis(): Promise<RedisProcess> {
  const redis = await RedisProcess.start();
  cleanups.push(() => redis[Symbol.asyncDispose]());
  return redis;
}

async function replica(redis: RedisProcess, events: RedisEvent[] = []): Promise<RedisShared> {
  const shared = await connectRedis({
    url: redis.url,
    prefix: "faults:",
    commandTimeoutMs: 300,
    onEvent: (event) => events.push(event),
  });
  cleanups.push(() => shared.close());
  return shared;
}

/** Polls `check` until it holds (bounded), for states reached in the background. */
async function eventually(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  for (let tries = 0; !(await check()); tries++) {
    if (tries > 1_000) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("RedisEventBus", () => {
  it("delivers an event published on one replica to every replica, the publisher included", async () => {
    const redis = await startRedis();
    const [a, b] = [await replica(redis), await replica(redis)];
    const heard: [string, BusEvent][] = [];
    a.eventBus.subscribe((event) => heard.push(["a", event]));
    const leaveB = b.eventBus.subscribe((event) => heard.push(["b", event]));
    await b.eventBus.publish({ kind: "resourceUpdated", uri: "note://1" });
    await eventually(() => heard.length === 2, "both replicas to hear the event");
    expect(heard.map(([who]) => who).sort()).toEqual(["a", "b"]);
    expect(heard[0]?.[1]).toEqual({ kind: "resourceUpdated", uri: "note://1" });
    leaveB();
    await a.eventBus.publish({ kind: "listChanged", method: "notifications/tools/list_changed" });
    await eventually(() => heard.length === 3, "the second event");
    expect(heard[2]?.[0]).toBe("a");
  });
});

describe("faults", () => {
  it("fails at once while Redis is down, and works again once it is back", async () => {
    const redis = await startRedis();
    const events: RedisEvent[] = [];
    const shared = await replica(redis, events);
    await shared.store.set("k", "v");
    await redis.stop();
    await eventually(async () => !(await shared.health()).ok, "the health check to report the outage");
    await expect(shared.store.get("k")).rejects.toThrow();
    await expect(shared.store.take([{ key: "b", capacity: 1, periodMs: 1_000 }])).rejects.toThrow();
    await redis.restart();
    await eventually(async () => (await shared.health()).ok, "the reconnection");
    expect(events.some((event) => event.kind === "reconnecting")).toBe(true);
    // Redis ran without persistence, so the value is gone; the store works again.
    expect(await shared.store.get("k")).toBeUndefined();
    await shared.store.set("k", "again");
    expect(await shared.store.get("k")).toBe("again");
    // The script cache was lost with the restart: the bucket script is loaded again.
    expect(await shared.store.take([{ key: "b", capacity: 1, periodMs: 1_000 }])).toEqual({ allowed: true });
  });

  it("hears events again after a Redis restart", async () => {
    const redis = await startRedis();
    const [a, b] = [await replica(redis), await replica(redis)];
    const heard: BusEvent[] = [];
    a.eventBus.subscribe((event) => heard.push(event));
    await redis.restart();
    // The subscriber connection resubscribes on its own; publish until one gets through.
    await eventually(async () => {
      await b.eventBus.publish({ kind: "resourceUpdated", uri: "note://after" }).catch(() => {});
      return heard.length > 0;
    }, "an event after the restart");
    expect(heard[0]).toEqual({ kind: "resourceUpdated", uri: "note://after" });
  });

  it("bounds a frozen Redis by the command timeout", async () => {
    const redis = await startRedis();
    const shared = await replica(redis);
    await shared.store.set("k", "v");
    const pid = redis.pid as number;
    process.kill(pid, "SIGSTOP");
    try {
      await expect(shared.store.get("k")).rejects.toThrow(/timed out/i);
      expect((await shared.health()).ok).toBe(false);
    } finally {
      process.kill(pid, "SIGCONT");
    }
    await eventually(async () => (await shared.health()).ok, "Redis to answer again");
    expect(await shared.store.get("k")).toBe("v");
  });

  it("refuses to start with a clear error when Redis cannot be reached", async () => {
    const redis = await startRedis();
    const url = redis.url;
    await redis.stop();
    await expect(connectRedis({ url, connectTimeoutMs: 500, onEvent: () => {} })).rejects.toThrow(
      /Cannot connect to Redis/,
    );
  });
});

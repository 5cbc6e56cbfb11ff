import { MemoryStore, type SharedStore } from "@mcpkit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectRedis, type RedisShared } from "../src/index.js";
import { RedisProcess } from "../src/testing/redis-process.js";

let redis: RedisProcess;
let shared: RedisShared;
let run = 0;

beforeAll(async () => {
  redis = await RedisProcess.start();
  shared = await connectRedis({ url: redis.url, prefix: "contract:" });
});

afterAll(async () => {
  await shared?.close();
  await redis?.[Symbol.asyncDispose]();
});

/** The same contract for the in-memory default and for Redis: code written on one runs on the other. */
describe.each([
  ["MemoryStore", () => new MemoryStore() as SharedStore],
  ["RedisStore", () => shared.store as SharedStore],
])("%s", (_name, makeStore) => {
  // Fresh keys per test, since the Redis store outlives a test.
  const key = (name: string) => `${name}-${++run}`;

  it("gets what was set, and forgets what was deleted", async () => {
    const store = makeStore();
    const k = key("value");
    expect(await store.get(k)).toBeUndefined();
    await store.set(k, "héllo");
    expect(await store.get(k)).toBe("héllo");
    expect(await store.delete(k)).toBe(true);
    expect(await store.delete(k)).toBe(false);
    expect(await store.get(k)).toBeUndefined();
  });

  it("lets a value expire after its time to live", async () => {
    const store = makeStore();
    const k = key("ttl");
    await store.set(k, "soon gone", { ttlMs: 30 });
    await store.set(`${k}-kept`, "kept", { ttlMs: 60_000 });
    // Waits for the expiry itself (bounded), not for a fixed time.
    for (let tries = 0; (await store.get(k)) !== undefined; tries++) {
      expect(tries).toBeLessThan(500);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(await store.get(`${k}-kept`)).toBe("kept");
  });

  it("takes from every bucket or from none", async () => {
    const store = makeStore();
    // A period so long that no token comes back during the test.
    const server = { key: key("server"), capacity: 3, periodMs: 3_600_000 };
    const tool = { key: key("tool"), capacity: 1, periodMs: 3_600_000 };
    expect(await store.take([server, tool])).toEqual({ allowed: true });
    const refused = await store.take([server, tool]);
    expect(refused).toMatchObject({ allowed: false, refusedBy: 1 });
    expect(refused.allowed === false && refused.retryAfterMs).toBeGreaterThan(3_000_000);
    // The tool's refusal spent nothing from the server's bucket: two more calls pass, then none.
    expect(await store.take([server])).toEqual({ allowed: true });
    expect(await store.take([server])).toEqual({ allowed: true });
    expect(await store.take([server])).toMatchObject({ allowed: false, refusedBy: 0 });
  });

  it("allows exactly the capacity when many take at once", async () => {
    const store = makeStore();
    const bucket = { key: key("burst"), capacity: 10, periodMs: 3_600_000 };
    const results = await Promise.all(Array.from({ length: 30 }, () => store.take([bucket])));
    expect(results.filter((result) => result.allowed)).toHaveLength(10);
  });

  it("refills over its period", async () => {
    const store = makeStore();
    const bucket = { key: key("refill"), capacity: 1, periodMs: 20 };
    expect(await store.take([bucket])).toEqual({ allowed: true });
    for (let tries = 0; !(await store.take([bucket])).allowed; tries++) {
      expect(tries).toBeLessThan(500);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  });
});

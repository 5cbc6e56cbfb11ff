import { expect, it } from "vitest";
import { connectReplica, RedisEventBus, RedisStore } from "../src/index.js";
import { RedisProcess } from "../src/testing/index.js";

it("gives empty options without a Redis URL, so a single process runs as before", async () => {
  const replica = await connectReplica(undefined);
  expect(replica.server).toEqual({});
  expect(replica.http).toEqual({});
  await replica.close();
});

it("gives the shared store, event bus and a health check that follows Redis", async () => {
  await using redis = await RedisProcess.start();
  const replica = await connectReplica(redis.url, { commandTimeoutMs: 300, onEvent: () => {} });
  try {
    expect(replica.server.store).toBeInstanceOf(RedisStore);
    expect(replica.server.eventBus).toBeInstanceOf(RedisEventBus);
    expect(await replica.http.health?.()).toMatchObject({ ok: true });
    await redis.stop();
    expect(await replica.http.health?.()).toMatchObject({ ok: false });
  } finally {
    await replica.close();
  }
});

it("fails at start-up when Redis cannot be reached, instead of serving without shared state", async () => {
  const redis = await RedisProcess.start();
  const url = redis.url;
  await redis[Symbol.asyncDispose]();
  await expect(connectReplica(url, { connectTimeoutMs: 300, onEvent: () => {} })).rejects.toThrow(
    /^Cannot connect to Redis/,
  );
});

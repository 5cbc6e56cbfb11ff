import { describe, expect, it } from "vitest";
import { MemoryEventBus, MemoryStore } from "../src/index.js";

describe("MemoryStore", () => {
  it("expires values after their time to live", async () => {
    let now = 1_000;
    const store = new MemoryStore(() => now);
    await store.set("a", "1", { ttlMs: 50 });
    await store.set("b", "2");
    expect(await store.get("a")).toBe("1");
    now += 50;
    expect(await store.get("a")).toBeUndefined();
    expect(await store.get("b")).toBe("2");
    expect(await store.delete("b")).toBe(true);
    expect(await store.delete("b")).toBe(false);
  });

  it("takes from every bucket or from none", async () => {
    let now = 0;
    const store = new MemoryStore(() => now);
    const server = { key: "server", capacity: 3, periodMs: 3_000 };
    const tool = { key: "tool", capacity: 1, periodMs: 1_000 };
    expect(await store.take([server, tool])).toEqual({ allowed: true });
    expect(await store.take([server, tool])).toEqual({ allowed: false, refusedBy: 1, retryAfterMs: 1_000 });
    // The refusal spent nothing from the server bucket: two calls without the tool still pass.
    expect(await store.take([server])).toEqual({ allowed: true });
    expect(await store.take([server])).toEqual({ allowed: true });
    expect(await store.take([server])).toMatchObject({ allowed: false, refusedBy: 0 });
    now += 1_000;
    expect(await store.take([server])).toEqual({ allowed: true });
  });
});

describe("MemoryEventBus", () => {
  it("delivers to subscribers until they leave", async () => {
    const bus = new MemoryEventBus();
    const seen: string[] = [];
    const leave = bus.subscribe((event) => seen.push(event.kind));
    await bus.publish({ kind: "resourceUpdated", uri: "file:///a" });
    leave();
    await bus.publish({ kind: "listChanged", method: "notifications/tools/list_changed" });
    expect(seen).toEqual(["resourceUpdated"]);
  });
});

import { describe, expect, it } from "vitest";
import type { EventSink } from "../src/http/http-exchange.js";
import { KeepAlive } from "../src/http/sse-event.js";

function sink(closed: boolean): EventSink {
  return { write() {}, end() {}, closed, lastWrite: Date.now() };
}

describe("SSE keep-alive", () => {
  it("does not hold on to ended streams between ticks", () => {
    const keepAlive = new KeepAlive(60_000);
    const live = Array.from({ length: 10 }, () => sink(false));
    for (const stream of live) keepAlive.watch(stream);
    for (let index = 0; index < 10_000; index++) keepAlive.watch(sink(true));
    expect(keepAlive.size).toBeLessThan(200);
    keepAlive.stop();
  });

  it("lets go of a stream as soon as it is forgotten, without waiting for a sweep", () => {
    const keepAlive = new KeepAlive(60_000);
    const tickets = Array.from({ length: 50 }, () => keepAlive.watch(sink(false)));
    for (const ticket of tickets.slice(0, 49)) keepAlive.forget(ticket);
    expect(keepAlive.size).toBe(1);
    keepAlive.stop();
  });

  it("keeps every live stream, however many there are", () => {
    const keepAlive = new KeepAlive(60_000);
    for (let index = 0; index < 1_000; index++) keepAlive.watch(sink(false));
    expect(keepAlive.size).toBe(1_000);
    keepAlive.stop();
  });
});

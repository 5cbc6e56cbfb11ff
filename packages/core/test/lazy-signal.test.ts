import { describe, expect, it } from "vitest";
import { Client, FastMCP, InMemoryTransport } from "../src/index.js";

describe("a request's signal made on first use", () => {
  it("is already aborted, with the reason the client sent, when first read after the cancel arrived", async () => {
    const mcp = new FastMCP({ name: "lazy-signal", logLevel: "silent" });
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered: () => void = () => {};
    const started = new Promise<void>((resolve) => {
      entered = resolve;
    });
    let seen: { aborted: boolean; reason: unknown } | undefined;
    let read: () => void = () => {};
    const signalRead = new Promise<void>((resolve) => {
      read = resolve;
    });
    mcp.tool({ name: "late_reader" }, async (_args, ctx) => {
      entered();
      await gate;
      seen = { aborted: ctx.signal.aborted, reason: ctx.signal.reason };
      read();
      return "done";
    });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await mcp.connect(serverSide);
    // Seen after the server has handled it: the session's own handler runs first.
    const serve = serverSide.onmessage;
    let cancelled: () => void = () => {};
    const cancelArrived = new Promise<void>((resolve) => {
      cancelled = resolve;
    });
    serverSide.onmessage = (message, extra) => {
      serve?.(message, extra);
      if ("method" in message && message.method === "notifications/cancelled") cancelled();
    };
    await using client = await Client.connect(clientSide);
    const controller = new AbortController();
    const call = client.callTool("late_reader", {}, { signal: controller.signal });
    await started;
    controller.abort("user pressed stop");
    await expect(call).rejects.toThrow("user pressed stop");
    await cancelArrived;
    release();
    await signalRead;
    expect(seen?.aborted).toBe(true);
    expect(seen?.reason).toMatchObject({ name: "AbortError", message: "Cancelled" });
    expect((await client.callTool("late_reader").catch((error: Error) => error)) instanceof Error).toBe(
      false,
    );
  });
});

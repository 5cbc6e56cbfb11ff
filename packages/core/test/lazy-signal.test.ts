import { describe, expect, it } from "vitest";
import { Client, FastMCP } from "../src/index.js";

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
    mcp.tool({ name: "late_reader" }, async (_args, ctx) => {
      entered();
      await gate;
      seen = { aborted: ctx.signal.aborted, reason: ctx.signal.reason };
      return "done";
    });
    await using client = await Client.connect(mcp);
    const controller = new AbortController();
    const call = client.callTool("late_reader", {}, { signal: controller.signal });
    await started;
    controller.abort("user pressed stop");
    await expect(call).rejects.toThrow("user pressed stop");
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen?.aborted).toBe(true);
    expect(seen?.reason).toMatchObject({ name: "AbortError", message: "Cancelled" });
    expect((await client.callTool("late_reader").catch((error: Error) => error)) instanceof Error).toBe(
      false,
    );
  });
});

import { describe, expect, it } from "vitest";
import { Client, FastMCP } from "../src/index.js";
import { deferred } from "./wait-for.js";

function server(options: { toolTimeoutMs?: number } = {}) {
  return new FastMCP({ name: "test", logLevel: "silent", ...options });
}

describe("tool timeouts", () => {
  it("aborts the handler's signal past the tool's timeoutMs and tells the caller the limit", async () => {
    const mcp = server();
    const aborted = deferred<unknown>();
    mcp.tool({ name: "slow", timeoutMs: 50 }, (_args, ctx) => {
      // Waits for its signal, as a well-behaved handler does; nothing else ever finishes it.
      return new Promise((resolve) => {
        ctx.signal.addEventListener("abort", () => {
          aborted.resolve(ctx.signal.reason);
          resolve("too late");
        });
      });
    });
    mcp.tool({ name: "fast" }, () => "quick");
    await using client = await Client.connect(mcp);
    expect(await client.callTool("slow")).toEqual({
      content: [
        { type: "text", text: "Tool slow did not finish within 50 ms (its timeoutMs) and was stopped." },
      ],
      isError: true,
    });
    expect(await aborted.promise).toMatchObject({ name: "ToolTimeoutError", timeoutMs: 50 });
    // The server keeps serving.
    expect((await client.callTool("fast")).content).toEqual([{ type: "text", text: "quick" }]);
  });

  it("applies the server's toolTimeoutMs to a handler that ignores its signal, and a tool may opt out", async () => {
    const mcp = server({ toolTimeoutMs: 50 });
    const released = deferred<void>();
    mcp.tool({ name: "stuck" }, () => released.promise.then(() => "never seen"));
    mcp.tool({ name: "patient", timeoutMs: Number.POSITIVE_INFINITY }, async () => {
      await released.promise;
      return "finished";
    });
    await using client = await Client.connect(mcp);
    expect(await client.callTool("stuck")).toEqual({
      content: [
        {
          type: "text",
          text: "Tool stuck did not finish within 50 ms (the server's toolTimeoutMs) and was stopped.",
        },
      ],
      isError: true,
    });
    const patient = client.callTool("patient");
    // Released only after the stuck call timed out, so "patient" outlives the server's limit.
    released.resolve();
    expect((await patient).content).toEqual([{ type: "text", text: "finished" }]);
  });

  it("ends as a timeout when the handler rejects with an abort error of its own", async () => {
    const mcp = server();
    mcp.tool({ name: "fetching", timeoutMs: 20 }, (_args, ctx) => {
      return new Promise((_resolve, reject) => {
        ctx.signal.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")));
      });
    });
    await using client = await Client.connect(mcp);
    expect(await client.callTool("fetching")).toMatchObject({
      isError: true,
      content: [{ text: "Tool fetching did not finish within 20 ms (its timeoutMs) and was stopped." }],
    });
  });

  it("logs a timed-out call with the outcome timeout", async () => {
    const lines: string[] = [];
    const mcp = new FastMCP({ name: "logged", logSink: (line) => lines.push(line) });
    mcp.tool({ name: "stuck", timeoutMs: 20 }, () => new Promise(() => {}));
    await using client = await Client.connect(mcp);
    await client.callTool("stuck");
    const entry = lines.map((line) => JSON.parse(line)).find((line) => line.msg === "tools/call");
    expect(entry).toMatchObject({ tool: "stuck", outcome: "timeout" });
  });

  it("rejects a limit that is not a positive number of milliseconds at start-up", () => {
    expect(() => server().tool({ name: "t", timeoutMs: 0 }, () => "")).toThrow(
      /timeoutMs must be a whole number/,
    );
    expect(() => server({ toolTimeoutMs: -5 })).toThrow(/toolTimeoutMs must be a whole number/);
  });
});

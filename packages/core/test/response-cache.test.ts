import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Client, FastMCP, responseCache, ToolError } from "../src/index.js";
import { MemoryStore } from "../src/store/memory-store.js";

describe("responseCache middleware", () => {
  it("serves repeated calls from the cache until the TTL passes, keyed by method and params", async () => {
    let now = 0;
    const counts = new Map<string, number>();
    const count = (key: string) => {
      counts.set(key, (counts.get(key) ?? 0) + 1);
      return `${key} #${counts.get(key)}`;
    };
    const mcp = new FastMCP({ name: "test", logLevel: "silent" });
    mcp.tool({ name: "forecast", input: { city: z.string() } }, ({ city }) => count(city));
    mcp.tool({ name: "uncached" }, () => count("uncached"));
    mcp.resource("data://report", {}, () => count("report"));
    mcp.use(responseCache({ ttlMs: 1000, tools: ["forecast"], store: new MemoryStore(() => now) }));
    await using client = await Client.connect(mcp);
    const call = async (name: string, args: Record<string, unknown> = {}) =>
      ((await client.callTool(name, args)).content[0] as { text: string }).text;

    expect(await call("forecast", { city: "Oslo" })).toBe("Oslo #1");
    expect(await call("forecast", { city: "Oslo" })).toBe("Oslo #1");
    expect(await call("forecast", { city: "Rome" })).toBe("Rome #1");
    expect(await call("uncached")).toBe("uncached #1");
    expect(await call("uncached")).toBe("uncached #2");
    const read = async () =>
      ((await client.readResource("data://report")).contents[0] as { text: string }).text;
    expect(await read()).toBe("report #1");
    expect(await read()).toBe("report #1");
    now += 1001;
    expect(await call("forecast", { city: "Oslo" })).toBe("Oslo #2");
    expect(await read()).toBe("report #2");
  });

  it("does not keep errors", async () => {
    let fail = true;
    const mcp = new FastMCP({ name: "test", logLevel: "silent" });
    mcp.tool({ name: "flaky" }, () => {
      if (fail) throw new ToolError("try later");
      return "fine";
    });
    mcp.use(responseCache({ ttlMs: 60_000, tools: ["flaky"] }));
    await using client = await Client.connect(mcp);
    expect((await client.callTool("flaky")).isError).toBe(true);
    fail = false;
    expect((await client.callTool("flaky")).content).toEqual([{ type: "text", text: "fine" }]);
  });
});

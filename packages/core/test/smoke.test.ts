import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Client, FastMCP } from "../src/index.js";

describe("smoke", () => {
  it("works", async () => {
    const mcp = new FastMCP({ name: "t", logLevel: "silent" });
    mcp.tool({ name: "add", input: { a: z.number(), b: z.number().default(2) } }, async ({ a, b }, ctx) => {
      await ctx.info("adding");
      await ctx.reportProgress(1, 2);
      return a + b;
    });
    mcp.resource("weather://{city}/forecast", {}, ({ city }) => `sunny in ${city}`);
    mcp.prompt({ name: "p", args: { city: z.string() } }, ({ city }) => `go to ${city}`);
    const logs: unknown[] = [];
    const progress: unknown[] = [];
    await using client = await Client.connect(mcp, { onLog: (m) => logs.push(m) });
    console.error(JSON.stringify(await client.listTools()));
    const r = await client.callTool("add", { a: 1 }, { onProgress: (p) => progress.push(p) });
    expect(r.content).toEqual([{ type: "text", text: "3" }]);
    expect(logs.length).toBe(1);
    expect(progress.length).toBe(1);
    expect((await client.readResource("weather://Oslo/forecast")).contents[0]).toMatchObject({ text: "sunny in Oslo" });
    expect((await client.getPrompt("p", { city: "Rome" })).messages[0]?.content).toEqual({ type: "text", text: "go to Rome" });
    const bad = await client.callTool("add", { a: "x" });
    expect(bad.isError).toBe(true);
    console.error(JSON.stringify(bad));
    await expect(client.callTool("nope")).rejects.toMatchObject({ code: -32602 });
  });
});

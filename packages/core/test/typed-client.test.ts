import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { Client, FastMCP } from "../src/index.js";

function createCalculator() {
  return new FastMCP({ name: "calc", logLevel: "silent" })
    .addTool(
      { name: "add", input: { a: z.number(), b: z.number().default(1) }, output: z.number() },
      ({ a, b }) => a + b,
    )
    .addTool(
      {
        name: "describe_point",
        input: z.object({ x: z.number(), y: z.number(), label: z.string().optional() }),
        output: z.object({ label: z.string(), quadrant: z.enum(["I", "II", "III", "IV"]) }),
      },
      ({ x, y, label }) => ({
        label: label ?? `${x},${y}`,
        quadrant:
          x >= 0 ? (y >= 0 ? ("I" as const) : ("IV" as const)) : y >= 0 ? ("II" as const) : ("III" as const),
      }),
    )
    .addTool({ name: "ping" }, () => "pong");
}

describe("a Client typed from an in-process server", () => {
  it("knows the tool names, their arguments and their structured results", async () => {
    await using client = await Client.connect(createCalculator());

    const sum = await client.callTool("add", { a: 2 });
    expectTypeOf(sum.structuredContent).toEqualTypeOf<{ result: number } | undefined>();
    expect(sum.structuredContent).toEqual({ result: 3 });

    const point = await client.callTool("describe_point", { x: -1, y: 2 });
    expectTypeOf(point.structuredContent).toEqualTypeOf<
      { label: string; quadrant: "I" | "II" | "III" | "IV" } | undefined
    >();
    expect(point.structuredContent).toEqual({ label: "-1,2", quadrant: "II" });

    const pong = await client.callTool("ping");
    expect(pong.content).toEqual([{ type: "text", text: "pong" }]);

    expectTypeOf(client.callTool).parameter(0).toEqualTypeOf<"add" | "describe_point" | "ping">();
    // @ts-expect-error: no such tool
    await expect(client.callTool("subtract", { a: 1 })).rejects.toThrow("Unknown tool");
    // @ts-expect-error: a is required
    expect((await client.callTool("add", {})).isError).toBe(true);
    // @ts-expect-error: a must be a number
    expect((await client.callTool("add", { a: "2" })).isError).toBe(true);
    // @ts-expect-error: ping takes no arguments
    await client.callTool("ping", { extra: 1 });
  });

  it("an untyped server keeps the untyped client", async () => {
    const plain = new FastMCP({ name: "plain", logLevel: "silent" });
    plain.tool({ name: "echo", input: { text: z.string() } }, ({ text }) => text);
    await using client = await Client.connect(plain);
    expectTypeOf(client.callTool).parameter(0).toEqualTypeOf<string>();
    const result = await client.callTool("echo", { text: "hi" });
    expectTypeOf(result.structuredContent).toEqualTypeOf<Record<string, unknown> | undefined>();
    expect(result.content).toEqual([{ type: "text", text: "hi" }]);
  });

  it("a declaration (as mcpkit types writes it) types a client of any target", async () => {
    type CalculatorTools = {
      add: { input: { a: number; b?: number }; output: { result: number } };
    };
    await using client = await Client.connect<CalculatorTools>(createCalculator());
    const sum = await client.callTool("add", { a: 40, b: 2 });
    expectTypeOf(sum.structuredContent).toEqualTypeOf<{ result: number } | undefined>();
    expect(sum.structuredContent?.result).toBe(42);
    // @ts-expect-error: the declaration has no such tool
    await expect(client.callTool("ping")).resolves.toBeDefined();
  });
});

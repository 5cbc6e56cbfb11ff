import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { Client, FastMCP, type ToolOptions } from "../src/index.js";

const Listing = z.object({ entries: z.array(z.object({ name: z.string(), size: z.number() })) });
type Validation = ToolOptions["validateOutput"];

/** A listing tool whose handler can be made to break its own schema, under a validation mode. */
function listingServer(validateOutput: Validation, broken: boolean) {
  const mcp = new FastMCP({ name: "listing", logLevel: "silent" });
  mcp.tool(
    { name: "list_entries", output: Listing, ...(validateOutput ? { validateOutput } : {}) },
    () =>
      ({
        entries: Array.from({ length: 1000 }, (_, index) => ({
          name: `file-${index}`,
          size: broken && index === 999 ? "big" : index,
        })),
      }) as z.input<typeof Listing>,
  );
  return mcp;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("output validation modes", () => {
  it("sends the same result and schema whichever mode a correct handler runs under", async () => {
    const seen = [];
    for (const mode of [undefined, "always", "development", "never"] as const) {
      await using client = await Client.connect(listingServer(mode, false));
      const [tool] = await client.listTools();
      const result = await client.callTool("list_entries");
      seen.push({ outputSchema: tool?.outputSchema, result });
    }
    expect(seen[0]?.result.structuredContent).toMatchObject({ entries: { length: 1000 } });
    for (const other of seen.slice(1)) expect(other).toEqual(seen[0]);
  });

  it("checks every result by default, even in production", async () => {
    vi.stubEnv("NODE_ENV", "production");
    await using client = await Client.connect(listingServer(undefined, true));
    const result = await client.callTool("list_entries");
    expect(result.isError).toBe(true);
  });

  it('checks in development and tests with "development", and not in production', async () => {
    vi.stubEnv("NODE_ENV", "test");
    await using checked = await Client.connect(listingServer("development", true));
    expect((await checked.callTool("list_entries")).isError).toBe(true);

    vi.stubEnv("NODE_ENV", "production");
    await using unchecked = await Client.connect(listingServer("development", true));
    const result = await unchecked.callTool("list_entries");
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ entries: { 999: { size: "big" } } });
  });

  it('never checks with "never"', async () => {
    await using client = await Client.connect(listingServer("never", true));
    expect((await client.callTool("list_entries")).isError).toBeFalsy();
  });
});

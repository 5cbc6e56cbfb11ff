import { describe, expect, expectTypeOf, it } from "vitest";
import { Client, FastMCP } from "../src/index.js";

/** A stand-in for a connection pool: counts its queries, and knows whether it was closed. */
class Pool {
  queries = 0;
  closed = false;
  query(): number {
    return ++this.queries;
  }
}

describe("lifespan values", () => {
  it("reach tools, resources and prompts typed through ctx.lifespan, and are disposed on close", async () => {
    const pool = new Pool();
    let started = 0;
    const mcp = new FastMCP({
      name: "pooled",
      logLevel: "silent",
      lifespan: async () => {
        started++;
        return {
          pool,
          [Symbol.asyncDispose]: async () => {
            pool.closed = true;
          },
        };
      },
    });
    mcp.tool({ name: "count" }, (_args, ctx) => {
      expectTypeOf(ctx.lifespan.pool).toEqualTypeOf<Pool>();
      return `query ${ctx.lifespan.pool.query()}`;
    });
    mcp.resource("pool://queries", {}, (_params, ctx) => `queries so far: ${ctx.lifespan.pool.queries}`);
    mcp.prompt({ name: "report" }, (_args, ctx) => `Report on ${ctx.lifespan.pool.queries} queries`);
    {
      await using first = await Client.connect(mcp);
      await using second = await Client.connect(mcp);
      expect((await first.callTool("count")).content).toEqual([{ type: "text", text: "query 1" }]);
      expect((await second.callTool("count")).content).toEqual([{ type: "text", text: "query 2" }]);
      expect((await first.readResource("pool://queries")).contents[0]).toMatchObject({
        text: "queries so far: 2",
      });
      const prompt = await second.getPrompt("report");
      expect(prompt.messages[0]?.content).toEqual({ type: "text", text: "Report on 2 queries" });
      expect(started).toBe(1);
      expect(pool.closed).toBe(false);
    }
    await mcp.close();
    expect(pool.closed).toBe(true);
  });

  it("still runs a returned cleanup function on close, with ctx.lifespan undefined", async () => {
    const events: string[] = [];
    const mcp = new FastMCP({
      name: "cleanup",
      logLevel: "silent",
      lifespan: () => () => {
        events.push("cleaned up");
      },
    });
    mcp.tool({ name: "peek" }, (_args, ctx) => {
      expectTypeOf(ctx.lifespan).toEqualTypeOf<undefined>();
      return String(ctx.lifespan);
    });
    await using client = await Client.connect(mcp);
    expect((await client.callTool("peek")).content).toEqual([{ type: "text", text: "undefined" }]);
    await mcp.close();
    expect(events).toEqual(["cleaned up"]);
  });

  it("a mounted server's handlers see the mounted server's own lifespan value", async () => {
    const child = new FastMCP({ name: "child", logLevel: "silent", lifespan: () => ({ label: "child's" }) });
    child.tool({ name: "whose" }, (_args, ctx) => ctx.lifespan.label);
    const parent = new FastMCP({
      name: "parent",
      logLevel: "silent",
      lifespan: () => ({ label: "parent's" }),
    });
    parent.mount("c", child);
    await using client = await Client.connect(parent);
    expect((await client.callTool("c_whose")).content).toEqual([{ type: "text", text: "child's" }]);
  });
});

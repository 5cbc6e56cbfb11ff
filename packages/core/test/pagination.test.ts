import { describe, expect, it } from "vitest";
import { Client, FastMCP, McpError } from "../src/index.js";

function server(pageSize?: number) {
  return new FastMCP({ name: "test", logLevel: "silent", ...(pageSize === undefined ? {} : { pageSize }) });
}

describe("pagination", () => {
  it("cuts every list into pages with an opaque cursor, and the Client follows them", async () => {
    const mcp = server(2);
    for (const name of ["a", "b", "c", "d", "e"]) {
      mcp.tool({ name }, () => name);
      mcp.prompt({ name }, () => name);
      mcp.resource(`data://${name}`, {}, () => name);
      mcp.resource(`data://${name}/{id}`, {}, () => name);
    }
    await using client = await Client.connect(mcp);
    const first = await client.request("tools/list");
    expect((first.tools as { name: string }[]).map((tool) => tool.name)).toEqual(["a", "b"]);
    expect(typeof first.nextCursor).toBe("string");
    const second = await client.request("tools/list", { cursor: first.nextCursor });
    expect((second.tools as { name: string }[]).map((tool) => tool.name)).toEqual(["c", "d"]);
    const last = await client.request("tools/list", { cursor: second.nextCursor });
    expect((last.tools as { name: string }[]).map((tool) => tool.name)).toEqual(["e"]);
    expect(last.nextCursor).toBeUndefined();

    expect(await client.listTools()).toHaveLength(5);
    expect(await client.listPrompts()).toHaveLength(5);
    expect(await client.listResources()).toHaveLength(5);
    expect(await client.listResourceTemplates()).toHaveLength(5);
  });

  it("sends a hundred per page by default, and everything in one page below that", async () => {
    const big = server();
    for (let index = 0; index < 155; index++) big.tool({ name: `tool_${index}` }, () => "");
    await using client = await Client.connect(big);
    const first = await client.request("tools/list");
    expect(first.tools).toHaveLength(100);
    expect(first.nextCursor).toEqual(expect.any(String));
    expect(await client.listTools()).toHaveLength(155);

    const small = server();
    small.tool({ name: "only" }, () => "");
    await using smallClient = await Client.connect(small);
    expect(await smallClient.request("tools/list")).toEqual({
      tools: [expect.objectContaining({ name: "only" })],
    });
  });

  it("refuses a cursor it did not make with -32602", async () => {
    const mcp = server(1);
    mcp.prompt({ name: "p" }, () => "");
    await using client = await Client.connect(mcp);
    for (const cursor of ["not-a-cursor", 42, Buffer.from('{"offset":-1}').toString("base64url")]) {
      const error = await client.request("prompts/list", { cursor }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(McpError);
      expect(error).toMatchObject({ code: -32602, message: expect.stringContaining("Invalid cursor") });
    }
  });

  it("rejects a page size that is not a whole number >= 1", () => {
    expect(() => server(0)).toThrow(/pageSize must be a whole number >= 1/);
    expect(() => server(2.5)).toThrow(/pageSize/);
  });
});

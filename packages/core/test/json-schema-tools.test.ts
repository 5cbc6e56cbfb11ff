import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Client, FastMCP } from "../src/index.js";

function server() {
  return new FastMCP({ name: "json-schema", version: "1.0.0", logLevel: "silent" });
}

const PERSON = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  type: "object",
  $defs: { address: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } },
  properties: {
    name: { type: "string", minLength: 1 },
    email: { type: "string", format: "email" },
    address: { $ref: "#/$defs/address" },
  },
  required: ["name"],
  additionalProperties: false,
};

describe("tools declared with a raw JSON Schema", () => {
  it("are validated with Ajv (2020-12), errors coming back as zod's do", async () => {
    const mcp = server();
    mcp.tool({ name: "raw", inputSchema: PERSON }, (args) => `got ${JSON.stringify(args)}`);
    mcp.tool({ name: "typed", input: { name: z.string() } }, ({ name }) => name);
    await using client = await Client.connect(mcp);

    expect(await client.callTool("raw", { name: "Ada", address: { city: "London" } })).toEqual({
      content: [{ type: "text", text: 'got {"name":"Ada","address":{"city":"London"}}' }],
    });
    const wrongType = await client.callTool("raw", { name: 5 });
    expect(wrongType).toEqual({
      content: [{ type: "text", text: "Invalid arguments for tool raw: name: must be string" }],
      isError: true,
    });
    // The same shape as a zod tool's input error: the prefix, then `where: what` per problem.
    const zodError = await client.callTool("typed", { name: 5 });
    expect(zodError).toMatchObject({
      isError: true,
      content: [{ text: expect.stringMatching(/^Invalid arguments for tool typed: name: /) }],
    });

    const everything = await client.callTool("raw", { email: "nope", address: {}, extra: 1 });
    expect(everything.isError).toBe(true);
    const text = (everything.content[0] as { text: string }).text;
    expect(text).toMatch(/^Invalid arguments for tool raw: /);
    expect(text).toContain("name: Required");
    expect(text).toContain("address.city: Required");
    expect(text).toContain('email: must match format "email"');
    expect(text).toContain('(input): must NOT have additional properties ("extra")');
  });

  it("validate draft-07 schemas (SDK v1 servers declare them) and ignore keywords from OpenAPI", async () => {
    const mcp = server();
    mcp.tool(
      {
        name: "draft7",
        inputSchema: {
          $schema: "http://json-schema.org/draft-07/schema#",
          type: "object",
          properties: { items: { type: "array", items: { type: "integer" } } },
        },
      },
      () => "ok",
    );
    mcp.tool(
      {
        name: "openapi",
        inputSchema: {
          type: "object",
          properties: { id: { type: "integer", format: "int64", example: 3, "x-internal": true } },
        },
      },
      () => "ok",
    );
    await using client = await Client.connect(mcp);
    expect((await client.callTool("draft7", { items: [1, 2] })).isError).toBeUndefined();
    expect(await client.callTool("draft7", { items: [1, "two"] })).toMatchObject({
      isError: true,
      content: [{ text: "Invalid arguments for tool draft7: items.1: must be integer" }],
    });
    expect((await client.callTool("openapi", { id: 3 })).isError).toBeUndefined();
    expect((await client.callTool("openapi", { id: "3" })).isError).toBe(true);
  });

  it("let two tools share an $id", async () => {
    const mcp = server();
    const schema = {
      $id: "https://example.test/args",
      type: "object",
      properties: { n: { type: "number" } },
    };
    mcp.tool({ name: "one", inputSchema: schema }, () => "one");
    mcp.tool({ name: "two", inputSchema: { ...schema } }, () => "two");
    await using client = await Client.connect(mcp);
    expect((await client.callTool("two", { n: "x" })).isError).toBe(true);
    expect((await client.callTool("two", { n: 1 })).content).toEqual([{ type: "text", text: "two" }]);
  });

  it("refuse a bad schema at registration with an error naming the tool", () => {
    const mcp = server();
    expect(() =>
      mcp.tool(
        { name: "broken", inputSchema: { type: "object", properties: { a: { type: "text" } } } },
        () => "",
      ),
    ).toThrow(/^Tool "broken" has an invalid inputSchema: schema is invalid/);
    expect(() =>
      mcp.tool(
        { name: "dangling", inputSchema: { type: "object", properties: { a: { $ref: "#/$defs/x" } } } },
        () => "",
      ),
    ).toThrow(/^Tool "dangling" has an invalid inputSchema: .*#\/\$defs\/x/);
    expect(() =>
      mcp.tool(
        { name: "old", inputSchema: { $schema: "http://json-schema.org/draft-04/schema#", type: "object" } },
        () => "",
      ),
    ).toThrow(/^Tool "old" has an invalid inputSchema: \$schema .*draft-04.* is not supported/);
  });
});

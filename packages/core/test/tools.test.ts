import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Audio, Client, embeddedResource, FastMCP, Image, resourceLink, ToolError } from "../src/index.js";

const PNG_1X1 = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);
const WAV_HEADER = Buffer.concat([
  Buffer.from("RIFF"),
  Buffer.alloc(4),
  Buffer.from("WAVEfmt "),
  Buffer.alloc(20),
]);

function server(options: Partial<ConstructorParameters<typeof FastMCP>[0]> = {}) {
  return new FastMCP({ name: "test", version: "1.2.3", logLevel: "silent", ...options });
}

describe("tool definitions", () => {
  it("advertises typed parameters with defaults, optionals and descriptions as JSON Schema", async () => {
    const mcp = server();
    mcp.tool(
      {
        name: "get_weather",
        title: "Weather",
        description: "Current weather for a city.",
        input: {
          city: z.string().describe("City name"),
          units: z.enum(["celsius", "fahrenheit"]).default("celsius"),
          days: z.number().int().min(1).max(16).optional(),
        },
        annotations: { readOnlyHint: true, openWorldHint: true },
        _meta: { "example.com/owner": "weather-team" },
      },
      ({ city, units }) => `${city} in ${units}`,
    );
    await using client = await Client.connect(mcp);
    const [tool] = await client.listTools();
    expect(tool).toMatchObject({
      name: "get_weather",
      title: "Weather",
      description: "Current weather for a city.",
      annotations: { readOnlyHint: true, openWorldHint: true },
      _meta: { "example.com/owner": "weather-team" },
      inputSchema: {
        type: "object",
        properties: {
          city: { type: "string", description: "City name" },
          units: { type: "string", enum: ["celsius", "fahrenheit"], default: "celsius" },
          days: { type: "integer", minimum: 1, maximum: 16 },
        },
        required: ["city"],
      },
    });
    expect(await client.callTool("get_weather", { city: "Oslo" })).toEqual({
      content: [{ type: "text", text: "Oslo in celsius" }],
    });
  });

  it("accepts a whole z.object as input and a tool with no input at all", async () => {
    const mcp = server();
    mcp.tool({ name: "shout", input: z.object({ text: z.string() }) }, ({ text }) => text.toUpperCase());
    mcp.tool({ name: "now" }, () => "tick");
    await using client = await Client.connect(mcp);
    expect((await client.callTool("shout", { text: "hi" })).content).toEqual([{ type: "text", text: "HI" }]);
    expect((await client.callTool("now")).content).toEqual([{ type: "text", text: "tick" }]);
    const tools = await client.listTools();
    expect(tools.find((tool) => tool.name === "now")?.inputSchema).toMatchObject({
      type: "object",
      properties: {},
    });
  });

  it("advertises an output schema and sends validated structured content with a text rendering", async () => {
    const mcp = server();
    const Weather = z.object({ temperature: z.number(), conditions: z.string() });
    mcp.tool({ name: "weather", output: Weather }, () => ({ temperature: 21.5, conditions: "sunny" }));
    mcp.tool({ name: "count", output: z.number() }, () => 42);
    await using client = await Client.connect(mcp);
    const tools = await client.listTools();
    expect(tools[0]?.outputSchema).toMatchObject({ type: "object", required: ["temperature", "conditions"] });
    expect(tools[1]?.outputSchema).toMatchObject({
      type: "object",
      properties: { result: { type: "number" } },
    });
    const result = await client.callTool("weather");
    expect(result.structuredContent).toEqual({ temperature: 21.5, conditions: "sunny" });
    expect(JSON.parse((result.content[0] as { text: string }).text)).toEqual(result.structuredContent);
    expect((await client.callTool("count")).structuredContent).toEqual({ result: 42 });
  });

  it("sends a plain object returned without an output schema as structuredContent too, and nothing else", async () => {
    const mcp = server();
    mcp.tool({ name: "plain" }, () => ({ city: "Oslo", temperature: 3 }));
    mcp.tool({ name: "array" }, () => [1, 2]);
    mcp.tool({ name: "date" }, () => new Date(0));
    await using client = await Client.connect(mcp);
    const plain = await client.callTool("plain");
    expect(plain.structuredContent).toEqual({ city: "Oslo", temperature: 3 });
    expect(JSON.parse((plain.content[0] as { text: string }).text)).toEqual(plain.structuredContent);
    expect((await client.listTools())[0]?.outputSchema).toBeUndefined();
    expect((await client.callTool("array")).structuredContent).toBeUndefined();
    expect((await client.callTool("date")).structuredContent).toBeUndefined();
  });

  it("treats a result that breaks its output schema as a server bug, masked when asked", async () => {
    const mcp = server({ maskErrorDetails: true });
    mcp.tool({ name: "broken", output: z.object({ n: z.number() }) }, () => ({ n: "not a number" }) as never);
    await using client = await Client.connect(mcp);
    const result = await client.callTool("broken");
    expect(result).toEqual({ content: [{ type: "text", text: "Error calling tool broken" }], isError: true });
  });

  it("rejects invalid tool names and duplicates at registration", () => {
    const mcp = server();
    expect(() => mcp.tool({ name: "has space" }, () => "")).toThrow(/Invalid tool name/);
    expect(() => mcp.tool({ name: "x".repeat(129) }, () => "")).toThrow(/Invalid tool name/);
    mcp.tool({ name: "once" }, () => "");
    expect(() => mcp.tool({ name: "once" }, () => "")).toThrow(/already registered/);
  });

  it("takes a raw JSON Schema input for generated tools and checks required keys", async () => {
    const mcp = server();
    mcp.tool(
      {
        name: "raw",
        inputSchema: { type: "object", properties: { id: { type: "string" } }, required: ["id"] },
      },
      (args) => `got ${String(args.id)}`,
    );
    await using client = await Client.connect(mcp);
    expect((await client.listTools())[0]?.inputSchema).toEqual({
      type: "object",
      properties: { id: { type: "string" } },
      required: ["id"],
    });
    expect((await client.callTool("raw", { id: "a" })).content).toEqual([{ type: "text", text: "got a" }]);
    const missing = await client.callTool("raw", {});
    expect(missing.isError).toBe(true);
    expect(missing.content[0]).toMatchObject({ text: expect.stringContaining("id: Required") });
  });
});

describe("tool return values", () => {
  const cases: Array<[string, () => unknown, unknown]> = [
    ["a string as text", () => "hello", [{ type: "text", text: "hello" }]],
    ["a number as text", () => 7, [{ type: "text", text: "7" }]],
    ["a boolean as text", () => false, [{ type: "text", text: "false" }]],
    ["nothing as no content", () => undefined, []],
    ["an object as JSON text", () => ({ a: 1 }), [{ type: "text", text: '{\n  "a": 1\n}' }]],
    ["an array of values as JSON text", () => [1, 2], [{ type: "text", text: "[\n  1,\n  2\n]" }]],
    [
      "an Image as image content",
      () => Image.fromBytes(PNG_1X1),
      [{ type: "image", mimeType: "image/png", data: PNG_1X1.toString("base64") }],
    ],
    [
      "an Audio as audio content",
      () => Audio.fromBytes(WAV_HEADER),
      [{ type: "audio", mimeType: "audio/wav", data: WAV_HEADER.toString("base64") }],
    ],
    [
      "an embedded resource and a resource link",
      () => [
        embeddedResource({ uri: "file:///a.txt", text: "A" }),
        resourceLink({ uri: "file:///b.txt", name: "b" }),
      ],
      [
        { type: "resource", resource: { uri: "file:///a.txt", text: "A" } },
        { type: "resource_link", uri: "file:///b.txt", name: "b" },
      ],
    ],
    [
      "a mixed array, objects as JSON",
      () => ["caption", Image.fromBytes(PNG_1X1), { n: 1 }],
      [
        { type: "text", text: "caption" },
        { type: "image", mimeType: "image/png", data: PNG_1X1.toString("base64") },
        { type: "text", text: '{\n  "n": 1\n}' },
      ],
    ],
  ];
  for (const [label, handler, expected] of cases) {
    it(`converts ${label}`, async () => {
      const mcp = server();
      mcp.tool({ name: "t" }, handler);
      await using client = await Client.connect(mcp);
      const result = await client.callTool("t");
      expect(result.content).toEqual(expected);
      expect(result.isError).toBeUndefined();
    });
  }

  it("passes a full CallToolResult through untouched", async () => {
    const mcp = server();
    const full = {
      content: [{ type: "text" as const, text: "custom" }],
      structuredContent: { x: 1 },
      isError: true,
    };
    mcp.tool({ name: "t" }, () => full);
    await using client = await Client.connect(mcp);
    expect(await client.callTool("t")).toEqual(full);
  });

  it("reads Image and Audio from files with the type sniffed from the bytes", async () => {
    const { mkdtemp, writeFile, rm } = await import("node:fs/promises");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const dir = await mkdtemp(join(tmpdir(), "mcpkit-"));
    try {
      await writeFile(join(dir, "really-a-png.jpg"), PNG_1X1);
      await writeFile(join(dir, "notes.png"), "not an image");
      const image = await Image.fromFile(join(dir, "really-a-png.jpg"));
      expect(image.toContent().mimeType).toBe("image/png");
      await expect(Image.fromFile(join(dir, "notes.png"))).rejects.toThrow(/not an image/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("tool errors", () => {
  it("shows a ToolError's message, and masks other errors when maskErrorDetails is on", async () => {
    const lines: string[] = [];
    const mcp = server({ maskErrorDetails: true, logLevel: "info", logSink: (line) => lines.push(line) });
    mcp.tool({ name: "fixable" }, () => {
      throw new ToolError("City not found: Atlantis");
    });
    mcp.tool({ name: "buggy", input: { secret: z.string() } }, () => {
      throw new Error("connection string postgres://admin:hunter2@db");
    });
    await using client = await Client.connect(mcp);
    expect(await client.callTool("fixable")).toEqual({
      content: [{ type: "text", text: "City not found: Atlantis" }],
      isError: true,
    });
    const masked = await client.callTool("buggy", { secret: "s3cr3t-value" });
    expect(masked).toEqual({ content: [{ type: "text", text: "Error calling tool buggy" }], isError: true });
    const log = lines.join("");
    expect(log).toContain("hunter2"); // the real error goes to stderr for the operator
    expect(log).not.toContain("s3cr3t-value"); // argument values are never logged
  });

  it("shows other errors' messages when masking is off", async () => {
    const mcp = server();
    mcp.tool({ name: "buggy" }, async () => {
      throw new RangeError("index 9 out of range");
    });
    await using client = await Client.connect(mcp);
    const result = await client.callTool("buggy");
    expect(result.isError).toBe(true);
    expect(result.content[0]).toMatchObject({ text: "Error calling tool buggy: index 9 out of range" });
  });

  it("names each invalid field and its problem", async () => {
    const mcp = server();
    mcp.tool({ name: "t", input: { city: z.string(), days: z.number().int().max(16) } }, () => "ok");
    await using client = await Client.connect(mcp);
    const result = await client.callTool("t", { city: 3, days: 40 });
    expect(result.isError).toBe(true);
    const text = (result.content[0] as { text: string }).text;
    expect(text).toMatch(/^Invalid arguments for tool t: /);
    expect(text).toContain("city: Invalid input: expected string, received number");
    expect(text).toContain("days: Too big: expected number to be <=16");
  });

  it("rejects arguments that are not an object", async () => {
    const mcp = server();
    mcp.tool({ name: "t", input: { a: z.string().optional() } }, () => "ok");
    await using client = await Client.connect(mcp);
    for (const bad of [[1, 2], "text", 5]) {
      const result = (await client.request("tools/call", { name: "t", arguments: bad })) as {
        isError?: boolean;
      };
      expect(result.isError).toBe(true);
    }
  });

  it("answers an unknown or disabled tool with JSON-RPC -32602, and a missing name too", async () => {
    const mcp = server();
    mcp.tool({ name: "hidden" }, () => "x").disable();
    await using client = await Client.connect(mcp);
    await expect(client.callTool("nope")).rejects.toMatchObject({
      code: -32602,
      message: "Unknown tool: nope",
    });
    await expect(client.callTool("hidden")).rejects.toMatchObject({ code: -32602 });
    await expect(client.request("tools/call", {})).rejects.toMatchObject({ code: -32602 });
  });

  it("answers with an error when a result cannot be sent as JSON, and keeps serving", async () => {
    const mcp = server();
    mcp.tool({ name: "bigint", output: z.object({ n: z.bigint() }) }, () => ({ n: 2n ** 70n }));
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    mcp.tool({ name: "cycle" }, () => ({ content: [{ type: "text", text: "x" }], _meta: cyclic }));
    mcp.tool({ name: "ok" }, () => "fine");
    await using client = await Client.connect(mcp);
    const bigint = await client.callTool("bigint");
    expect(bigint.isError).toBe(true);
    expect(bigint.content[0]).toMatchObject({ text: expect.stringContaining("serialize a BigInt") });
    await expect(client.callTool("cycle")).rejects.toMatchObject({
      code: -32603,
      message: "The result could not be serialized as JSON",
    });
    expect((await client.callTool("ok")).content).toEqual([{ type: "text", text: "fine" }]);
  });

  it("keeps serving after handlers throw, reject or throw non-errors", async () => {
    const mcp = server();
    mcp.tool({ name: "sync_throw" }, () => {
      throw new Error("boom");
    });
    mcp.tool({ name: "throw_string" }, () => {
      throw "a string";
    });
    mcp.tool({ name: "ok" }, () => "still here");
    await using client = await Client.connect(mcp);
    expect((await client.callTool("sync_throw")).isError).toBe(true);
    expect((await client.callTool("throw_string")).isError).toBe(true);
    expect((await client.callTool("ok")).content).toEqual([{ type: "text", text: "still here" }]);
  });
});

describe("tools at run time", () => {
  it("adds, disables, enables and removes tools, notifying clients once per change", async () => {
    const mcp = server();
    mcp.tool({ name: "first" }, () => "1");
    await using client = await Client.connect(mcp);
    let notified = 0;
    client.on("notifications/tools/list_changed", () => notified++);
    const names = async () => (await client.listTools()).map((tool) => tool.name);

    const second = mcp.tool({ name: "second" }, () => "2");
    expect(await names()).toEqual(["first", "second"]);
    second.disable();
    expect(await names()).toEqual(["first"]);
    second.enable();
    expect(await names()).toEqual(["first", "second"]);
    expect(mcp.removeTool("first")).toBe(true);
    expect(await names()).toEqual(["second"]);
    await expect(client.callTool("first")).rejects.toMatchObject({ code: -32602 });
    expect(notified).toBe(4);
  });
});

describe("rate limits", () => {
  it("limits one tool and says when to retry", async () => {
    const mcp = server();
    mcp.tool({ name: "scarce", rateLimit: "2/hour" }, () => "ok");
    mcp.tool({ name: "plenty" }, () => "ok");
    await using client = await Client.connect(mcp);
    expect((await client.callTool("scarce")).isError).toBeUndefined();
    expect((await client.callTool("scarce")).isError).toBeUndefined();
    const limited = await client.callTool("scarce");
    expect(limited.isError).toBe(true);
    expect(limited.content[0]).toMatchObject({
      text: expect.stringMatching(
        /^Rate limit exceeded for tool scarce \(2\/hour\)\. Retry in \d+ minutes\.$/,
      ),
    });
    expect((await client.callTool("plenty")).isError).toBeUndefined();
  });

  it("limits the whole server across tools", async () => {
    const mcp = server({ rateLimit: "3/minute" });
    mcp.tool({ name: "a" }, () => "ok");
    mcp.tool({ name: "b" }, () => "ok");
    await using client = await Client.connect(mcp);
    for (const name of ["a", "b", "a"]) expect((await client.callTool(name)).isError).toBeUndefined();
    const limited = await client.callTool("b");
    expect(limited.isError).toBe(true);
    expect(limited.content[0]).toMatchObject({ text: expect.stringContaining("Retry in 20 seconds") });
  });

  it("spends nothing from the server-wide limit on a call the tool's own limit refuses", async () => {
    const mcp = server({ rateLimit: "2/hour" });
    mcp.tool({ name: "scarce", rateLimit: "1/hour" }, () => "ok");
    mcp.tool({ name: "plenty" }, () => "ok");
    await using client = await Client.connect(mcp);
    expect((await client.callTool("scarce")).isError).toBeUndefined();
    const refusedByTool = await client.callTool("scarce");
    expect(refusedByTool.content[0]).toMatchObject({
      text: expect.stringMatching(/^Rate limit exceeded for tool scarce \(1\/hour\)/),
    });
    // The server-wide budget still has the token the refused call did not spend.
    expect((await client.callTool("plenty")).isError).toBeUndefined();
    const refusedByServer = await client.callTool("plenty");
    expect(refusedByServer.content[0]).toMatchObject({
      text: expect.stringMatching(/^Rate limit exceeded for \S+ \(2\/hour\)/),
    });
  });

  it("rejects a malformed limit at start-up", () => {
    expect(() => server({ rateLimit: "lots/hour" as never })).toThrow(/Invalid rate limit/);
    expect(() => server().tool({ name: "t", rateLimit: "5/fortnight" }, () => "")).toThrow(
      /Invalid rate limit/,
    );
  });
});

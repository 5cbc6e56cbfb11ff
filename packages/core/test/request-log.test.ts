import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ServerLogger } from "../src/engine/request-log.js";
import { Client, FastMCP } from "../src/index.js";

describe("server request log", () => {
  it("writes one valid JSON line per tool call, with its target, duration and outcome", async () => {
    const lines: string[] = [];
    const mcp = new FastMCP({ name: 'quote"d', logSink: (line) => lines.push(line) });
    mcp.tool({ name: "echo", input: { message: z.string() } }, ({ message }) => message);
    await using client = await Client.connect(mcp);
    await client.callTool("echo", { message: "hi" });
    const line = lines
      .map((text) => JSON.parse(text) as Record<string, unknown>)
      .find((entry) => entry.msg === "tools/call");
    expect(line).toMatchObject({ level: "info", server: 'quote"d', tool: "echo", outcome: "ok" });
    expect(typeof line?.durationMs).toBe("number");
    expect(Number.isNaN(Date.parse(String(line?.time)))).toBe(false);
  });

  it("escapes keys and values and keeps the line parseable for numbers JSON cannot hold", () => {
    const lines: string[] = [];
    const logger = new ServerLogger("s", "debug", (line) => lines.push(line));
    logger.log("warning", "odd\nmessage", {
      'we"ird': 'va"lue\n',
      nan: Number.NaN,
      inf: Number.POSITIVE_INFINITY,
      n: 1.5,
      skip: undefined,
      nested: { a: [1] },
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]?.endsWith("}\n")).toBe(true);
    expect(JSON.parse(lines[0] as string)).toEqual({
      time: expect.any(String),
      level: "warning",
      server: "s",
      msg: "odd\nmessage",
      'we"ird': 'va"lue\n',
      nan: null,
      inf: null,
      n: 1.5,
      nested: { a: [1] },
    });
  });

  it("writes request lines from cached pieces that still escape names and keep each outcome", () => {
    const lines: string[] = [];
    const logger = new ServerLogger('s"', "info", (line) => lines.push(line));
    logger.request("tools/call", { tool: 'we"ird\n' }, 1.25, "ok");
    logger.request("tools/call", { tool: 'we"ird\n' }, 0.5, "tool_error");
    logger.request("tools/call", { tool: "other" }, 2, "ok");
    logger.request("resources/read", { uri: "data://x", extra: 1 }, 3, "error -32002");
    logger.request("prompts/list", {}, 4, "ok");
    const parsed = lines.map((line) => {
      expect(line.endsWith("}\n")).toBe(true);
      return JSON.parse(line) as Record<string, unknown>;
    });
    const base = { time: expect.any(String), level: "info", server: 's"' };
    expect(parsed).toEqual([
      { ...base, msg: "tools/call", tool: 'we"ird\n', durationMs: 1.25, outcome: "ok" },
      { ...base, msg: "tools/call", tool: 'we"ird\n', durationMs: 0.5, outcome: "tool_error" },
      { ...base, msg: "tools/call", tool: "other", durationMs: 2, outcome: "ok" },
      { ...base, msg: "resources/read", uri: "data://x", extra: 1, durationMs: 3, outcome: "error -32002" },
      { ...base, msg: "prompts/list", durationMs: 4, outcome: "ok" },
    ]);
    expect(Object.keys(parsed[0] ?? {})).toEqual([
      "time",
      "level",
      "server",
      "msg",
      "tool",
      "durationMs",
      "outcome",
    ]);
  });
});

import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { Client, type StdioClientTransport } from "../src/index.js";
import { spawnRaw } from "./spawn-raw.js";
import { waitFor } from "./wait-for.js";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

/**
 * A real server for the spawned-process tests, kept here because it misbehaves on purpose: its
 * echo handler writes to the console the ways a careless handler might, and the tests prove none
 * of it reaches stdout.
 */
const FIXTURE_SOURCE = `
import { z } from "zod";
import { FastMCP } from ${JSON.stringify(new URL("../src/index.ts", import.meta.url).href)};

const mcp = new FastMCP({
  name: "stdio-fixture",
  version: "1.0.0",
  lifespan: async () => {
    process.stderr.write("lifespan: started\\n");
    return () => {
      process.stderr.write("lifespan: stopped\\n");
    };
  },
});

mcp.tool({ name: "echo", input: { text: z.string() } }, ({ text }) => {
  console.log("stray output from a handler");
  console.dir({ stray: "dir" });
  console.table([{ stray: "table" }]);
  return text;
});

mcp.tool({ name: "count", input: { to: z.number().int().max(1000) } }, async ({ to }, ctx) => {
  for (let i = 1; i <= to; i++) await ctx.reportProgress(i, to);
  return \`counted to \${to}\`;
});

await mcp.run();
`;
const fixtureArgs = [
  ...["--conditions=@mcpkit/source", "--import", "tsx"],
  ...["--input-type=module", "--eval", FIXTURE_SOURCE],
];
const fixture = { command: process.execPath, args: fixtureArgs, cwd: packageDir, stderr: "pipe" as const };

function startRaw(): {
  child: ChildProcessWithoutNullStreams;
  lines: () => Promise<string[]>;
  stderr: () => string;
} {
  const { child, stdout, stderr } = spawnRaw(fixtureArgs, packageDir);
  const lines = async () => stdout().split("\n").filter(Boolean);
  return { child, lines, stderr };
}

function exitOf(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

describe("stdio server (spawned process)", () => {
  it("answers real calls while a stray console.log goes to stderr", async () => {
    await using client = await Client.connect(fixture);
    expect(client.serverInfo).toEqual({ name: "stdio-fixture", version: "1.0.0" });
    expect((await client.listTools()).map((tool) => tool.name)).toEqual(["echo", "count"]);
    expect((await client.callTool("echo", { text: "hello" })).content).toEqual([
      { type: "text", text: "hello" },
    ]);
    expect((await client.callTool("echo", { text: "again" })).content).toEqual([
      { type: "text", text: "again" },
    ]);
    const stderr = () => (client.transport as StdioClientTransport).stderr;
    // Request log lines are batched into one stderr write every few milliseconds.
    await waitFor(() => stderr().includes('"msg":"tools/call"'), "the request log line");
    expect(stderr()).toContain("stray output from a handler");
    expect(stderr()).toContain("stray: 'dir'");
    expect(stderr()).toContain("'table'");
  });

  it("keeps stdout to protocol lines whatever console method a handler uses", async () => {
    const { child, lines, stderr } = startRaw();
    child.stdin.write(
      `${JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "0" } } })}\n`,
    );
    child.stdin.write(
      `${JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "echo", arguments: { text: "hi" } } })}\n`,
    );
    await waitFor(async () => (await lines()).length >= 2, "two answers");
    await waitFor(() => stderr().includes("'table'"), "the console.table output on stderr");
    child.stdin.end();
    await exitOf(child);
    const out = await lines();
    expect(out).toHaveLength(2);
    for (const line of out) expect(() => JSON.parse(line)).not.toThrow();
  });

  it("delivers every progress notification before the result", async () => {
    await using client = await Client.connect(fixture);
    const seen: number[] = [];
    const result = await client.callTool(
      "count",
      { to: 200 },
      { onProgress: (progress) => seen.push(progress.progress) },
    );
    expect(result.content).toEqual([{ type: "text", text: "counted to 200" }]);
    expect(seen).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  });

  it("answers garbage with JSON-RPC errors and keeps serving", async () => {
    const { child, lines } = startRaw();
    const exit = exitOf(child);
    child.stdin.write('{"jsonrpc":"2.0","id":"early","method":"tools/list"}\n');
    child.stdin.write('{"jsonrpc":"2.0","id":"early-ping","method":"ping"}\n');
    child.stdin.write(
      '{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}\n',
    );
    child.stdin.write("this is not json\n");
    child.stdin.write('{"jsonrpc":"2.0","id":1,"method":"ping"}\n');
    child.stdin.write('{"jsonrpc":"1.0","id":2,"method":"ping"}\n');
    child.stdin.write('[{"jsonrpc":"2.0","id":3,"method":"ping"}]\n');
    child.stdin.write('{"jsonrpc":"2.0","id":4,"method":"no/such/method"}\n');
    child.stdin.write(
      '{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"echo","arguments":{"text":"alive"}}}\n',
    );
    await waitFor(async () => (await lines()).length >= 9, "nine replies");
    const replies = (await lines()).map((line) => JSON.parse(line) as { id: unknown });
    const reply = (id: unknown) => replies.filter((message) => message.id === id);
    // Before initialize only pings are served (spec lifecycle).
    expect(reply("early")).toEqual([
      {
        jsonrpc: "2.0",
        id: "early",
        error: { code: -32600, message: "Invalid request: tools/list was sent before initialize" },
      },
    ]);
    expect(reply("early-ping")).toEqual([{ jsonrpc: "2.0", id: "early-ping", result: {} }]);
    expect(reply(0)).toMatchObject([{ result: { protocolVersion: "2025-11-25" } }]);
    expect(reply(1)).toEqual([{ jsonrpc: "2.0", id: 1, result: {} }]);
    expect(reply(2)).toEqual([
      { jsonrpc: "2.0", id: 2, error: { code: -32600, message: 'Invalid request: jsonrpc must be "2.0"' } },
    ]);
    expect(reply(null)).toEqual([
      { jsonrpc: "2.0", id: null, error: { code: -32700, message: expect.stringMatching(/^Parse error: /) } },
      {
        jsonrpc: "2.0",
        id: null,
        error: { code: -32600, message: "Invalid request: JSON-RPC batches are not supported" },
      },
    ]);
    expect(reply(4)).toMatchObject([{ error: { code: -32601 } }]);
    expect(reply(5)).toMatchObject([{ result: { content: [{ type: "text", text: "alive" }] } }]);
    child.stdin.end();
    expect(await exit).toBe(0);
  });

  it("shuts down cleanly, running the lifespan's cleanup, when stdin closes", async () => {
    const { child, stderr } = startRaw();
    const exit = exitOf(child);
    await waitFor(() => stderr().includes("lifespan: started"), "start-up");
    child.stdin.end();
    expect(await exit).toBe(0);
    expect(stderr()).toContain("lifespan: stopped");
  });

  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`shuts down cleanly on ${signal}`, async () => {
      const { child, stderr } = startRaw();
      const exit = exitOf(child);
      await waitFor(() => stderr().includes("serving on stdio"), "start-up");
      child.kill(signal);
      expect(await exit).toBe(0);
      expect(stderr()).toContain("lifespan: stopped");
    });
  }

  it("reports a server that fails to start with the tail of its stderr", async () => {
    const failing = {
      command: process.execPath,
      args: ["-e", "console.error('config error: --db is missing'); process.exit(3)"],
      stderr: "pipe" as const,
    };
    await expect(Client.connect(failing)).rejects.toThrow(
      /closed the connection; its stderr ended with:\nconfig error: --db is missing/,
    );
    await expect(Client.connect({ command: "/no/such/binary" })).rejects.toThrow(
      /Could not start \/no\/such\/binary/,
    );
  });
});

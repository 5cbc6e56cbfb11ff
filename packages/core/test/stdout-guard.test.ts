import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { spawnRaw } from "./spawn-raw.js";
import { waitFor } from "./wait-for.js";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

/**
 * A stdio server that writes to stdout every way a careless program might: before the server
 * starts (only guarded when `--guard-early` asks the file to call `guardStdout` first) and from
 * a handler, with and without newlines, as text and as bytes, straight and through `console`.
 */
const FIXTURE_SOURCE = `
import { FastMCP, guardStdout } from ${JSON.stringify(new URL("../src/index.ts", import.meta.url).href)};

if (process.argv.includes("--guard-early")) {
  guardStdout();
  process.stdout.write("early write without a newline");
  console.log("early console.log");
}
const mcp = new FastMCP({ name: "noisy", version: "1.0.0", logLevel: "silent" });
mcp.tool({ name: "noisy" }, () => {
  process.stdout.write("handler write without a newline");
  process.stdout.write(Buffer.from("handler bytes"));
  process.stdout.write("handler write with a callback", () => {});
  console.log("handler console.log");
  console.info("handler console.info");
  console.debug("handler console.debug");
  console.table([{ handler: "table" }]);
  return "quiet";
});
await mcp.run();
`;

/** Runs the fixture, sends `initialize` and a call to `noisy`, and returns what each stream carried. */
async function run(args: string[]): Promise<{ stdout: string; stderr: string }> {
  const { child, stdout, stderr } = spawnRaw(
    [
      "--conditions=@mcpkit/source",
      "--import",
      "tsx",
      "--input-type=module",
      "--eval",
      FIXTURE_SOURCE,
      "--",
      ...args,
    ],
    packageDir,
  );
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const send = (message: unknown) => child.stdin.write(`${JSON.stringify(message)}\n`);
  send({
    jsonrpc: "2.0",
    id: 1,
    method: "initialize",
    params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "0" } },
  });
  send({ jsonrpc: "2.0", method: "notifications/initialized" });
  send({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "noisy" } });
  await waitFor(() => stdout().includes('"id":2'), "the answer to the call", 60_000);
  await waitFor(() => stderr().includes("'table'"), "the handler's console.table on stderr", 60_000);
  child.stdin.end();
  await exited;
  return { stdout: stdout(), stderr: stderr() };
}

/** Every stdout line is one JSON-RPC message, and stdout holds nothing else. */
function expectOnlyFrames(stdout: string): void {
  expect(stdout.endsWith("\n")).toBe(true);
  const lines = stdout.slice(0, -1).split("\n");
  expect(lines).toHaveLength(2);
  for (const line of lines) expect(JSON.parse(line)).toMatchObject({ jsonrpc: "2.0" });
  expect(JSON.parse(lines[1] as string).result.content).toEqual([{ type: "text", text: "quiet" }]);
}

const HANDLER_OUTPUT = [
  "handler write without a newline",
  "handler bytes",
  "handler write with a callback",
  "handler console.log",
  "handler console.info",
  "handler console.debug",
];

describe("stdout purity on stdio", () => {
  it("sends a handler's process.stdout.write and console output to stderr, never stdout", async () => {
    const { stdout, stderr } = await run([]);
    expectOnlyFrames(stdout);
    for (const text of HANDLER_OUTPUT) expect(stderr).toContain(text);
  });

  it("with guardStdout called first, output made before the server starts goes to stderr too", async () => {
    const { stdout, stderr } = await run(["--guard-early"]);
    expectOnlyFrames(stdout);
    expect(stderr).toContain("early write without a newline");
    expect(stderr).toContain("early console.log");
    for (const text of HANDLER_OUTPUT) expect(stderr).toContain(text);
  });
});

import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { Client } from "../src/index.js";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

/** `kib` KiB of text that starts with `tag` and is different at every line, so a lost chunk shows. */
const TEXT_SOURCE = `(tag, kib) => {
  const lines = [];
  for (let line = 0; line < kib * 16; line++) lines.push(\`\${tag}:\${line}:\`.padEnd(63, "\\u00e9x"));
  return \`\${lines.join("\\n")}\\n\`.slice(0, kib * 1024);
}`;
const text = new Function(`return ${TEXT_SOURCE}`)() as (tag: string, kib: number) => string;

/** A real stdio server with a `big` tool answering `kib` KiB of text (with non-ASCII in it). */
const FIXTURE_SOURCE = `
import { z } from "zod";
import { FastMCP } from ${JSON.stringify(new URL("../src/index.ts", import.meta.url).href)};

const text = ${TEXT_SOURCE};
const mcp = new FastMCP({ name: "large-results", version: "1.0.0", logLevel: "silent" });
mcp.tool(
  { name: "big", input: { tag: z.string(), kib: z.number().int().max(16384) } },
  ({ tag, kib }) => text(tag, kib),
);
await mcp.run();
`;

async function connectFixture(): Promise<Client> {
  return Client.connect({
    command: process.execPath,
    args: [
      ...["--conditions=@mcpkit/source", "--import", "tsx"],
      ...["--input-type=module", "--eval", FIXTURE_SOURCE],
    ],
    cwd: packageDir,
    stderr: "pipe",
  });
}

function textOf(result: { content: unknown[] }): string {
  return (result.content[0] as { text: string }).text;
}

describe("large results over stdio", () => {
  it("delivers a 10 MiB result to a stdio client intact", async () => {
    await using client = await connectFixture();
    const result = await client.callTool("big", { tag: "ten", kib: 10 * 1024 });
    const received = textOf(result);
    expect(received.length).toBe(10 * 1024 * 1024);
    expect(received === text("ten", 10 * 1024)).toBe(true);
  }, 60_000);

  it("delivers every one of many big results in flight, each to its own call", async () => {
    await using client = await connectFixture();
    const tags = Array.from({ length: 24 }, (_, index) => `call${index}`);
    const results = await Promise.all(
      tags.map((tag, index) => client.callTool("big", { tag, kib: index % 3 === 0 ? 1024 : 100 + index })),
    );
    results.forEach((result, index) => {
      const kib = index % 3 === 0 ? 1024 : 100 + index;
      expect(textOf(result) === text(`call${index}`, kib), `result ${index}`).toBe(true);
    });
  }, 60_000);
});

import { PassThrough, Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { FastMCP } from "../src/index.js";
import { StdioServerTransport } from "../src/transports/stdio-server.js";

function createEchoServer(): FastMCP {
  const mcp = new FastMCP({ name: "batching", logLevel: "silent" });
  mcp.tool({ name: "echo", input: { message: z.string() } }, ({ message }) => message);
  return mcp;
}

describe("stdio server transport writes", () => {
  it("answers a burst of requests with every response, in fewer writes than responses", async () => {
    const input = new PassThrough();
    const writes: string[] = [];
    let written: () => void = () => {};
    const output = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        writes.push(chunk.toString("utf8"));
        written();
        callback();
      },
    });
    const mcp = createEchoServer();
    await mcp.connect(new StdioServerTransport(input, output));
    const burst = Array.from({ length: 50 }, (_, index) =>
      JSON.stringify({
        jsonrpc: "2.0",
        id: index + 1,
        method: "tools/call",
        params: { name: "echo", arguments: { message: `m${index + 1}` } },
      }),
    );
    const initialize = JSON.stringify({
      jsonrpc: "2.0",
      id: 0,
      method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
    });
    input.write(`${[initialize, ...burst].join("\n")}\n`);
    const lines = () =>
      writes
        .join("")
        .split("\n")
        .filter((line) => line && !line.includes('"id":0,'));
    while (lines().length < 50) {
      await new Promise<void>((resolve) => {
        written = resolve;
      });
    }
    const responses = lines().map(
      (line) => JSON.parse(line) as { id: number; result: { content: [{ text: string }] } },
    );
    expect(responses.map((response) => response.id).sort((a, b) => a - b)).toEqual(
      burst.map((_, index) => index + 1),
    );
    for (const response of responses) expect(response.result.content[0].text).toBe(`m${response.id}`);
    expect(writes.length).toBeLessThan(50);
    await mcp.close();
  });
});

import { PassThrough, Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { FastMCP } from "../src/index.js";
import { StdioServerTransport } from "../src/transports/stdio-server.js";
import { waitFor } from "./wait-for.js";

const KIB = 256;
const CAP = 1024 * 1024;
const CALLS = 24;

/** A client's end of stdout that can stop reading: while paused, no write completes. */
function pausableReader() {
  let held: Array<() => void> = [];
  let paused = true;
  const received: Buffer[] = [];
  const lines = () =>
    Buffer.concat(received)
      .toString("utf8")
      .split("\n")
      .filter((line) => line !== "");
  const output = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      received.push(chunk);
      if (paused) held.push(callback);
      else callback();
    },
  });
  return {
    output,
    resume() {
      paused = false;
      for (const callback of held) callback();
      held = [];
    },
    lines,
    /** The answers to tool calls: every line but the initialize answer. */
    answers: () => lines().filter((line) => !line.includes('"id":"init"')),
  };
}

describe("a stdio server whose client stops reading", () => {
  it("stops reading requests once its queue passes the cap, then answers every one", async () => {
    let started = 0;
    const mcp = new FastMCP({ name: "slow-reader", logLevel: "silent" });
    mcp.tool({ name: "big", input: { index: z.number() } }, ({ index }) => {
      started++;
      return `${index}:`.padEnd(KIB * 1024, "x");
    });
    const input = new PassThrough();
    const reader = pausableReader();
    const transport = new StdioServerTransport(input, reader.output, { maxQueuedBytes: CAP });
    await mcp.connect(transport);
    const request = (index: number) =>
      `${JSON.stringify({
        jsonrpc: "2.0",
        id: index,
        method: "tools/call",
        params: { name: "big", arguments: { index } },
      })}\n`;

    input.write(
      `${JSON.stringify({
        jsonrpc: "2.0",
        id: "init",
        method: "initialize",
        params: {
          protocolVersion: "2025-11-25",
          capabilities: {},
          clientInfo: { name: "raw", version: "1" },
        },
      })}\n${JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" })}\n`,
    );
    await waitFor(() => reader.lines().length === 1, "the initialize answer");

    // One request at a time, as a client would send them, until the server stops taking them.
    let sent = 0;
    while (sent < CALLS && !transport.outputQueue.full) {
      input.write(request(sent));
      sent++;
      const answered = () => transport.outputQueue.bytes >= sent * KIB * 1024;
      await waitFor(() => answered() || transport.outputQueue.full, "the answer to be queued");
    }
    expect(transport.outputQueue.full).toBe(true);
    for (; sent < CALLS; sent++) input.write(request(sent));
    // The rest wait in the pipe: no new work starts while the client is not reading.
    expect(started).toBeLessThan(CALLS);
    expect(transport.outputQueue.bytes).toBeLessThanOrEqual(CAP + 2 * KIB * 1024);
    expect(transport.outputQueue.drainWaits).toBeGreaterThan(0);

    reader.resume();
    await waitFor(() => reader.answers().length === CALLS, "every answer");
    const answers = reader
      .answers()
      .map((line) => JSON.parse(line) as { id: number; result: { content: [{ text: string }] } });
    expect(answers.map((answer) => answer.id)).toEqual(Array.from({ length: CALLS }, (_, index) => index));
    for (const answer of answers) {
      expect(answer.result.content[0].text).toBe(`${answer.id}:`.padEnd(KIB * 1024, "x"));
    }
    expect(started).toBe(CALLS);
    expect(transport.outputQueue.full).toBe(false);
    await mcp.close();
  }, 60_000);
});

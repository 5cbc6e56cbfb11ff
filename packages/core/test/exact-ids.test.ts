import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Client, FastMCP, type StdioClientTransport } from "../src/index.js";
import { StdioServerTransport } from "../src/transports/stdio-server.js";
import { INITIALIZE, initializeSession, JSON_AND_SSE, serve } from "./http-fixture.js";
import { waitFor } from "./wait-for.js";

const LONG = "12345678901234567890";
const NEGATIVE = "-98765432109876543210";

function createServer(onAbort: (requestId: unknown) => void = () => {}): FastMCP {
  const mcp = new FastMCP({ name: "exact-ids", version: "1.0.0", logLevel: "silent" });
  mcp.tool({ name: "echo", input: { text: z.string() } }, ({ text }) => text);
  mcp.tool(
    { name: "hang" },
    (_args, ctx) =>
      new Promise((resolve) =>
        ctx.signal.addEventListener("abort", () => {
          onAbort(ctx.requestId);
          resolve("aborted");
        }),
      ),
  );
  return mcp;
}

/** A server on a stdio transport over in-process pipes: the real line framing, no child process. */
async function stdioServer(onAbort?: (requestId: unknown) => void) {
  const input = new PassThrough();
  const output = new PassThrough();
  const server = createServer(onAbort);
  await server.connect(new StdioServerTransport(input, output));
  let text = "";
  output.on("data", (chunk: Buffer) => {
    text += chunk.toString("utf8");
  });
  return {
    send: (line: string) => input.write(`${line}\n`),
    /** Waits for `count` lines of output and returns them as written. */
    async lines(count: number): Promise<string[]> {
      while (text.split("\n").length <= count) await new Promise((resolve) => output.once("data", resolve));
      return text.split("\n").slice(0, count);
    },
    async [Symbol.asyncDispose]() {
      input.end();
      await server.close();
    },
  };
}

describe("numeric ids too long for a double", () => {
  it("come back digit for digit on stdio, in whatever shape the message takes", async () => {
    await using server = await stdioServer();
    server.send(JSON.stringify(INITIALIZE));
    server.send(
      `{"jsonrpc":"2.0","id":${LONG},"method":"tools/call","params":{"name":"echo","arguments":{"text":"hi"}}}`,
    );
    // A decoy "id" in the params and in a string, whitespace, and the key spelled with an escape.
    server.send(
      `{ "params" : { "id" : 1, "s": "\\"id\\":2" } , "jsonrpc":"2.0", "method":"ping", "\\u0069d" : ${NEGATIVE} }`,
    );
    // A string id with the same digits is another id, and stays a string.
    server.send(`{"jsonrpc":"2.0","id":"${LONG}","method":"ping"}`);
    // Duplicate keys: the last wins, as with JSON.parse.
    server.send(`{"jsonrpc":"2.0","id":1,"method":"ping","id":${LONG}1}`);
    // An envelope error is answered with the id too.
    server.send(`{"jsonrpc":"2.0","id":${LONG}2,"method":42}`);
    // Answers may come in any order: requests are answered asynchronously, envelope errors at once.
    const answers = (await server.lines(6)).filter((line) => !line.includes('"protocolVersion"'));
    expect(answers.sort()).toEqual(
      [
        `{"id":${LONG},"jsonrpc":"2.0","result":{"content":[{"type":"text","text":"hi"}]}}`,
        `{"id":${NEGATIVE},"jsonrpc":"2.0","result":{}}`,
        `{"jsonrpc":"2.0","id":"${LONG}","result":{}}`,
        `{"id":${LONG}1,"jsonrpc":"2.0","result":{}}`,
        `{"id":${LONG}2,"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid request: method must be a string"}}`,
      ].sort(),
    );
  });

  it("can be cancelled: the cancellation's requestId keeps its digits too", async () => {
    let aborted: (requestId: unknown) => void = () => {};
    const abort = new Promise((resolve) => {
      aborted = resolve;
    });
    await using server = await stdioServer(aborted);
    server.send(JSON.stringify(INITIALIZE));
    const call = (id: string) =>
      `{"jsonrpc":"2.0","id":${id},"method":"tools/call","params":{"name":"hang","arguments":{}}}`;
    server.send(call(LONG));
    server.send(call(`${LONG.slice(0, -1)}1`));
    // Both ids round to the same double: only the exact one may be cancelled.
    server.send(`{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":${LONG}}}`);
    expect(await abort).toBe(BigInt(LONG));
    server.send(`{"jsonrpc":"2.0","id":2,"method":"ping"}`);
    // No answer for the cancelled call; the other is still running, so the ping's is the next line.
    expect((await server.lines(2))[1]).toBe('{"jsonrpc":"2.0","id":2,"result":{}}');
  });

  it("come back digit for digit over HTTP, on an SSE stream and in a JSON batch", async () => {
    await using sse = await serve(createServer());
    const sessionId = await initializeSession(sse.url);
    const streamed = await fetch(sse.url, {
      method: "POST",
      headers: { ...JSON_AND_SSE, "Mcp-Session-Id": sessionId, "Mcp-Protocol-Version": "2025-11-25" },
      body: `{"jsonrpc":"2.0","id":${LONG},"method":"tools/call","params":{"name":"echo","arguments":{"text":"hi"}}}`,
    });
    expect(await streamed.text()).toContain(`data: {"id":${LONG},"jsonrpc":"2.0","result":`);

    await using json = await serve(createServer(), { stateless: true, json: true });
    const batch = await fetch(json.url, {
      method: "POST",
      headers: { ...JSON_AND_SSE, "Mcp-Protocol-Version": "2025-06-18" },
      body: `[{"jsonrpc":"2.0","id":${LONG},"method":"ping"},{"jsonrpc":"2.0","id":7,"method":"ping"},{"jsonrpc":"2.0","id":${NEGATIVE},"method":"ping"}]`,
    });
    expect(await batch.text()).toBe(
      `[{"id":${LONG},"jsonrpc":"2.0","result":{}},{"jsonrpc":"2.0","id":7,"result":{}},{"id":${NEGATIVE},"jsonrpc":"2.0","result":{}}]`,
    );
  });

  it("are answered exactly by Client when a server sends one", async () => {
    // A raw server in plain node: it asks for roots with a long id and reports the answer's text.
    const source = `
      let buffer = "";
      process.stdin.on("data", (chunk) => {
        buffer += chunk;
        let newline;
        while ((newline = buffer.indexOf("\\n")) !== -1) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + 1);
          const message = JSON.parse(line);
          if (message.method === "initialize") {
            const result = { protocolVersion: "2025-11-25", capabilities: {}, serverInfo: { name: "raw", version: "1" } };
            process.stdout.write(JSON.stringify({ jsonrpc: "2.0", id: message.id, result }) + "\\n");
          } else if (message.method === "notifications/initialized") {
            process.stdout.write('{"jsonrpc":"2.0","id":${LONG},"method":"roots/list"}\\n');
          } else if (!("method" in message)) {
            process.stderr.write("answer: " + line + "\\n");
          }
        }
      });`;
    await using client = await Client.connect(
      { command: process.execPath, args: ["--eval", source], stderr: "pipe" },
      { roots: [{ uri: "file:///tmp", name: "tmp" }] },
    );
    const transport = client.transport as StdioClientTransport;
    await waitFor(() => transport.stderr.includes("\n"), "the raw server's report");
    expect(transport.stderr).toBe(
      `answer: {"id":${LONG},"jsonrpc":"2.0","result":{"roots":[{"uri":"file:///tmp","name":"tmp"}]}}\n`,
    );
  });
});

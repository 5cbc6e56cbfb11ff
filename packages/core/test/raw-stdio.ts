import { PassThrough } from "node:stream";
import type { FastMCP } from "../src/index.js";
import { StdioServerTransport } from "../src/transports/stdio-server.js";

export type RawMessage = Record<string, unknown> & { id?: unknown; method?: string };

/**
 * A server on the real stdio transport, driven line by line with raw JSON-RPC: what a client of
 * another make sends, with nothing of mcpkit's Client in between. Dispose it with `await using`.
 */
export async function rawStdio(mcp: FastMCP) {
  const input = new PassThrough();
  const output = new PassThrough();
  const received: RawMessage[] = [];
  const waiters = new Set<() => void>();
  let buffered = "";
  output.on("data", (chunk: Buffer) => {
    buffered += chunk.toString("utf8");
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) if (line) received.push(JSON.parse(line) as RawMessage);
    for (const wake of waiters) wake();
  });
  await mcp.connect(new StdioServerTransport(input, output));

  /** Resolves with the first message received that `matches`, waiting for it if need be. */
  const next = (matches: (message: RawMessage) => boolean): Promise<RawMessage> =>
    new Promise((resolve) => {
      const look = () => {
        const found = received.find(matches);
        if (!found) return;
        waiters.delete(look);
        resolve(found);
      };
      waiters.add(look);
      look();
    });

  return {
    server: mcp,
    received,
    send(message: unknown): void {
      input.write(`${JSON.stringify(message)}\n`);
    },
    /** Sends a request and resolves with its response. */
    request(message: RawMessage): Promise<RawMessage> {
      input.write(`${JSON.stringify(message)}\n`);
      return next((answer) => answer.id === message.id && !("method" in answer));
    },
    next,
    async [Symbol.asyncDispose]() {
      input.end();
      await mcp.close();
    },
  };
}

/**
 * The HTTP floor: a bare `node:http` server answering JSON-RPC POSTs with JSON, no sessions, no
 * SSE, no validation. What any Streamable HTTP server pays at minimum on this machine.
 */
import { createServer } from "node:http";

const port = Number(process.env.PORT ?? 0);
const TOOLS = {
  tools: [
    {
      name: "echo",
      description: "Echoes the message back.",
      inputSchema: { type: "object", properties: { message: { type: "string" } }, required: ["message"] },
    },
  ],
};

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    const message = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
      id?: number | string;
      method: string;
      params?: Record<string, unknown>;
    };
    if (message.id === undefined) {
      response.writeHead(202).end();
      return;
    }
    let result: unknown = {};
    if (message.method === "initialize") {
      result = {
        protocolVersion: message.params?.protocolVersion ?? "2025-06-18",
        capabilities: { tools: {} },
        serverInfo: { name: "floor-http", version: "0.0.0" },
      };
    } else if (message.method === "tools/list") {
      result = TOOLS;
    } else if (message.method === "tools/call") {
      const args = message.params?.arguments as { message?: string } | undefined;
      result = { content: [{ type: "text", text: args?.message ?? "" }] };
    }
    const body = JSON.stringify({ jsonrpc: "2.0", id: message.id, result });
    response.writeHead(200, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(body),
    });
    response.end(body);
  });
});
server.listen(port, "127.0.0.1", () => {
  const address = server.address();
  process.stderr.write(`listening ${typeof address === "object" && address ? address.port : port}\n`);
});

/**
 * The raw MCP SDK over Streamable HTTP on `node:http`: stateful (a transport and server per
 * session, as the SDK's examples do) or, with `--stateless`, a fresh server and transport per
 * request (the SDK's documented stateless pattern).
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { z } from "zod";

const stateless = process.argv.includes("--stateless");
const port = Number(process.env.PORT ?? 0);

function createEchoServer(): McpServer {
  const server = new McpServer({ name: "sdk-echo", version: "0.0.0" });
  server.registerTool(
    "echo",
    { description: "Echoes the message back.", inputSchema: { message: z.string() } },
    async ({ message }) => ({ content: [{ type: "text", text: message }] }),
  );
  return server;
}

const sessions = new Map<string, StreamableHTTPServerTransport>();

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return chunks.length === 0 ? undefined : JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const body = request.method === "POST" ? await readJson(request) : undefined;
  if (stateless) {
    const server = createEchoServer();
    const transport = new StreamableHTTPServerTransport({});
    response.on("close", () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(request, response, body);
    return;
  }
  const sessionId = request.headers["mcp-session-id"];
  let transport = typeof sessionId === "string" ? sessions.get(sessionId) : undefined;
  if (!transport) {
    const created = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, created);
      },
    });
    created.onclose = () => {
      if (created.sessionId) sessions.delete(created.sessionId);
    };
    await createEchoServer().connect(created);
    transport = created;
  }
  await transport.handleRequest(request, response, body);
}

const server = createServer((request, response) => {
  handle(request, response).catch((error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    if (!response.headersSent) response.writeHead(500).end();
  });
});
server.listen(port, "127.0.0.1", () => {
  const address = server.address();
  process.stderr.write(`listening ${typeof address === "object" && address ? address.port : port}\n`);
});

/** The raw MCP SDK: an `McpServer` with the echo tool (and `big`) on its stdio transport, as its README shows. */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";
import { bigText } from "./big-text.js";

const server = new McpServer({ name: "sdk-echo", version: "0.0.0" });
server.registerTool(
  "echo",
  { description: "Echoes the message back.", inputSchema: { message: z.string() } },
  async ({ message }) => ({ content: [{ type: "text", text: message }] }),
);
server.registerTool(
  "big",
  { description: "Returns kib KiB of text.", inputSchema: { kib: z.number().int().min(0) } },
  async ({ kib }) => ({ content: [{ type: "text", text: bigText(kib) }] }),
);
await server.connect(new StdioServerTransport());

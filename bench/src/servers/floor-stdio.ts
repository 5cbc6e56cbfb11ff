/**
 * The floor: a hand-written newline-delimited JSON-RPC responder with no SDK and no validation.
 * It answers just enough of MCP (initialize, tools/list, tools/call echo and big, ping) to be driven by the
 * same client as the real servers, so everything it costs is the unavoidable part.
 */
import { bigText } from "./big-text.js";

const TOOLS = {
  tools: [
    {
      name: "echo",
      description: "Echoes the message back.",
      inputSchema: { type: "object", properties: { message: { type: "string" } }, required: ["message"] },
    },
    {
      name: "big",
      description: "Returns kib KiB of text.",
      inputSchema: { type: "object", properties: { kib: { type: "integer" } }, required: ["kib"] },
    },
  ],
};

let buffer = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk: string) => {
  buffer += chunk;
  let newline = buffer.indexOf("\n");
  let out = "";
  while (newline !== -1) {
    const line = buffer.slice(0, newline);
    buffer = buffer.slice(newline + 1);
    if (line.length > 0) out += answer(JSON.parse(line));
    newline = buffer.indexOf("\n");
  }
  if (out) process.stdout.write(out);
});
process.stdin.on("end", () => process.exit(0));

function answer(message: {
  id?: number | string;
  method?: string;
  params?: Record<string, unknown>;
}): string {
  if (message.id === undefined || message.method === undefined) return "";
  let result: unknown;
  switch (message.method) {
    case "initialize":
      result = {
        protocolVersion: message.params?.protocolVersion ?? "2025-06-18",
        capabilities: { tools: {} },
        serverInfo: { name: "floor", version: "0.0.0" },
      };
      break;
    case "tools/list":
      result = TOOLS;
      break;
    case "tools/call": {
      const args = message.params?.arguments as { message?: string; kib?: number } | undefined;
      const text = message.params?.name === "big" ? bigText(args?.kib ?? 0) : (args?.message ?? "");
      result = { content: [{ type: "text", text }] };
      break;
    }
    default:
      result = {};
  }
  return `${JSON.stringify({ jsonrpc: "2.0", id: message.id, result })}\n`;
}

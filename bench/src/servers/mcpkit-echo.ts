/**
 * mcpkit core with the echo tool (and `big`, N KiB of text back, for the large suite), run as a user would ship it: `--transport stdio` (default) or
 * `http`, with `--stateless` and `--json` for the HTTP modes. Log level stays at the default.
 */
import { FastMCP } from "@mcpkit/core";
import { z } from "zod";
import { bigText } from "./big-text.js";

const argv = process.argv.slice(2);
const mcp = new FastMCP({ name: "mcpkit-echo", version: "0.0.0" });
mcp.tool(
  { name: "echo", description: "Echoes the message back.", input: { message: z.string() } },
  ({ message }) => message,
);
mcp.tool(
  { name: "big", description: "Returns kib KiB of text.", input: { kib: z.number().int().min(0) } },
  ({ kib }) => bigText(kib),
);
if (argv.includes("--http")) {
  const running = await mcp.run({
    transport: "http",
    port: Number(process.env.PORT ?? 0),
    ...(argv.includes("--stateless") ? { stateless: true } : {}),
    ...(argv.includes("--json") ? { json: true } : {}),
  } as Parameters<FastMCP["run"]>[0]);
  process.stderr.write(`listening ${running.url ? new URL(running.url).port : ""}\n`);
} else {
  await mcp.run();
}

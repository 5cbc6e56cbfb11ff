/**
 * punkpeye `fastmcp` 4.20 with the echo tool on stdio. Installed outside the workspace (its
 * dependencies need Node >= 22), so this file is compiled next to that install and imports it
 * from there.
 */
// @ts-expect-error: resolved at run time from bench/.cache/fastmcp, not from the workspace.
import { FastMCP } from "fastmcp";
import { z } from "zod";

const server = new FastMCP({ name: "fastmcp-echo", version: "0.0.0" });
server.addTool({
  name: "echo",
  description: "Echoes the message back.",
  parameters: z.object({ message: z.string() }),
  execute: async (args: { message: string }) => args.message,
});
await server.start({ transportType: "stdio" });

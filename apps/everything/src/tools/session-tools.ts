import type { FastMCP } from "@mcpkit/core";
import { z } from "zod";

/**
 * Tools that keep per-session state and change what one session sees: `ctx.state`, tags,
 * `disable` and `ctx.show`. The admin tool is hidden until a session unlocks it.
 */
export function registerSessionTools(mcp: FastMCP): void {
  mcp.tool(
    {
      name: "test_session_counter",
      description: "Counts how many times this session has called it (session state).",
      tags: ["state"],
      output: z.object({ count: z.number().int() }),
    },
    async (_args, ctx) => {
      const count = ((await ctx.state.get<number>("count")) ?? 0) + 1;
      await ctx.state.set("count", count);
      return { count };
    },
  );
  mcp.tool(
    {
      name: "test_unlock_admin",
      description: "Shows the admin-tagged tools to this session only; others still do not see them.",
      tags: ["session"],
    },
    async (_args, ctx) => {
      await ctx.show({ tags: ["admin"] });
      return "Admin tools unlocked for this session";
    },
  );
  mcp.tool(
    {
      name: "test_admin_echo",
      description: "Echoes its text; tagged admin, so only a session that ran test_unlock_admin sees it.",
      tags: ["admin"],
      input: { text: z.string().describe("What to echo") },
      annotations: { readOnlyHint: true },
    },
    ({ text }) => text,
  );
  mcp.disable({ tags: ["admin"] });
}

import type { FastMCP } from "@mcpkit/core";
import { z } from "zod";

/**
 * Tools the 2026-07-28 conformance scenarios call besides the multi round-trip ones (those are
 * in mrtr.ts): logging that must stay silent without a requested level, list changes that must
 * reach `subscriptions/listen` streams, a stream that must carry no server-to-client request,
 * and parameters mirrored into `Mcp-Param-*` headers.
 */
export function registerEraTools(mcp: FastMCP): void {
  mcp.tool(
    {
      name: "test_logging_tool",
      description: "Sends two log messages (info and warning), then answers.",
      annotations: { readOnlyHint: true },
    },
    async (_args, ctx) => {
      await ctx.info("test_logging_tool started");
      await ctx.warning("test_logging_tool is about to finish");
      return "Logging tool executed";
    },
  );
  mcp.tool(
    {
      name: "test_trigger_tool_change",
      description: "Adds a tool and removes it again, so that the tool list changes.",
    },
    () => {
      mcp
        .tool({ name: "test_transient_tool", description: "Exists for a moment." }, () => "gone soon")
        .remove();
      return "The tool list changed";
    },
  );
  mcp.tool(
    {
      name: "test_trigger_prompt_change",
      description: "Adds a prompt and removes it again, so that the prompt list changes.",
    },
    () => {
      mcp
        .prompt({ name: "test_transient_prompt", description: "Exists for a moment." }, () => "gone soon")
        .remove();
      return "The prompt list changed";
    },
  );
  mcp.tool(
    {
      name: "test_streaming_elicitation",
      description: "Asks the user to confirm; on 2026-07-28 the question comes back as an input request.",
    },
    async (_args, ctx) => {
      const answer = await ctx.elicit("Please confirm", z.object({ confirmed: z.boolean() }));
      return `Elicitation answered: ${answer.action}`;
    },
  );
  mcp.tool(
    {
      name: "test_headers",
      description: "Runs a query in a region; the region and priority are mirrored into HTTP headers.",
      input: {
        region: z.string().describe("The region to run in").meta({ "x-mcp-header": "Region" }),
        priority: z.number().int().describe("Priority, 0 to 9").meta({ "x-mcp-header": "Priority" }),
        query: z.string().describe("The query to run"),
      },
    },
    ({ region, priority, query }) => `Ran "${query}" in ${region} at priority ${priority}`,
  );
}

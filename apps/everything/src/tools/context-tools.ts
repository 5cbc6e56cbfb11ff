import type { FastMCP } from "@mcpkit/core";
import { z } from "zod";

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Tools that use the Context: logging, progress, sampling and elicitation. */
export function registerContextTools(mcp: FastMCP): void {
  mcp.tool(
    {
      name: "test_tool_with_logging",
      description: "Sends three info log messages while it runs, 50 ms apart.",
      annotations: { readOnlyHint: true },
    },
    async (_args, ctx) => {
      await ctx.info("Tool execution started");
      await pause(50);
      await ctx.info("Tool processing data");
      await pause(50);
      await ctx.info("Tool execution completed");
      return "Tool with logging executed successfully";
    },
  );
  mcp.tool(
    {
      name: "test_tool_with_progress",
      description: "Reports progress 0, 50 and 100 out of 100, 50 ms apart.",
      annotations: { readOnlyHint: true },
    },
    async (_args, ctx) => {
      await ctx.reportProgress(0, 100);
      await pause(50);
      await ctx.reportProgress(50, 100);
      await pause(50);
      await ctx.reportProgress(100, 100);
      return "Tool with progress executed successfully";
    },
  );
  mcp.tool(
    {
      name: "test_sampling",
      description: "Asks the client's model to answer a prompt and returns its reply.",
      input: { prompt: z.string().describe("The prompt to send to the model") },
    },
    async ({ prompt }, ctx) => {
      const { text } = await ctx.sample(prompt, { maxTokens: 100 });
      return `LLM response: ${text}`;
    },
  );
  mcp.tool(
    {
      name: "test_elicitation",
      description: "Asks the user for a username and an email address.",
      input: { message: z.string().describe("The message to show the user") },
    },
    async ({ message }, ctx) => {
      const answer = await ctx.elicit(
        message,
        z.object({
          username: z.string().describe("User's response"),
          email: z.string().describe("User's email address"),
        }),
      );
      return `User response: action=${answer.action}, content=${JSON.stringify(answer.content ?? {})}`;
    },
  );
  mcp.tool(
    {
      name: "test_elicitation_sep1034_defaults",
      description: "Asks the user for a form whose every field has a default (SEP-1034).",
    },
    async (_args, ctx) => {
      const answer = await ctx.elicit(
        "Please review your profile; every field has a default.",
        z.object({
          name: z.string().describe("User name").default("John Doe"),
          age: z.number().int().describe("User age").default(30),
          score: z.number().describe("User score").default(95.5),
          status: z.enum(["active", "inactive", "pending"]).describe("User status").default("active"),
          verified: z.boolean().describe("Verification status").default(true),
        }),
      );
      return `Elicitation completed: action=${answer.action}, content=${JSON.stringify(answer.content ?? {})}`;
    },
  );
  mcp.tool(
    {
      name: "test_elicitation_sep1330_enums",
      description:
        "Asks the user to choose from each kind of enum: titled, untitled, single and multiple (SEP-1330).",
    },
    async (_args, ctx) => {
      const titled = <T extends string>(options: Record<T, string>) =>
        Object.entries(options).map(([value, title]) => z.literal(value).meta({ title: title as string }));
      const answer = await ctx.elicit(
        "Please pick your options.",
        z.object({
          untitledSingle: z.enum(["option1", "option2", "option3"]).describe("Untitled single-select"),
          titledSingle: z
            .xor(titled({ value1: "First Option", value2: "Second Option", value3: "Third Option" }))
            .meta({ type: "string", description: "Titled single-select" }),
          legacyEnum: z.enum(["opt1", "opt2", "opt3"]).meta({
            enumNames: ["Option One", "Option Two", "Option Three"],
            description: "Legacy titled enum",
          }),
          untitledMulti: z.array(z.enum(["option1", "option2", "option3"])).describe("Untitled multi-select"),
          titledMulti: z
            .array(
              z.union(titled({ value1: "First Choice", value2: "Second Choice", value3: "Third Choice" })),
            )
            .describe("Titled multi-select"),
        }),
      );
      return `Elicitation completed: action=${answer.action}, content=${JSON.stringify(answer.content ?? {})}`;
    },
  );
}

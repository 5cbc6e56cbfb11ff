import type { Context, FastMCP } from "@mcpkit/core";
import { z } from "zod";

const named = z.object({ name: z.string() });
const confirmation = z.object({ ok: z.boolean() });

/**
 * The 2026 conformance suite's multi round-trip fixtures (SEP-2322). Each is plain linear code:
 * on a 2026 request its asks become `input_required` and the retry re-runs it with the answers;
 * on a 2025 session the same asks are server-to-client requests. The input keys are the ones the
 * suite looks for.
 */
export function registerMultiRoundTools(mcp: FastMCP): void {
  mcp.tool(
    {
      name: "test_input_required_result_elicitation",
      description: "Asks the user's name, then greets them.",
    },
    async (_args, ctx) => `Hello, ${await askName(ctx, "What is your name?", "user_name")}!`,
  );
  mcp.tool(
    { name: "test_input_required_result_sampling", description: "Asks the client's model a question." },
    async (_args, ctx) => {
      const { text } = await ctx.sample("What is the capital of France?", {
        maxTokens: 100,
        key: "capital_question",
      });
      return `The model answered: ${text}`;
    },
  );
  mcp.tool(
    { name: "test_input_required_result_list_roots", description: "Lists the client's roots." },
    async (_args, ctx) => {
      const roots = await ctx.listRoots({ key: "client_roots" });
      return `Roots: ${roots.map((root) => root.uri).join(", ") || "none"}`;
    },
  );
  mcp.tool(
    {
      name: "test_input_required_result_request_state",
      description:
        "Asks for a confirmation; says state-ok when the retry's request state carried the first run's data.",
    },
    async (_args, ctx) => {
      // The first run's id comes back from the journal only if the sealed state made the trip.
      const thisRun = crypto.randomUUID();
      const firstRun = await ctx.once("first-run", () => thisRun);
      const answer = await ctx.elicit("Please confirm", confirmation, { key: "confirm" });
      const state = firstRun === thisRun ? "no state" : "state-ok";
      return `${state}: confirmed=${answer.action === "accept" && answer.content.ok}`;
    },
  );
  mcp.tool(
    {
      name: "test_input_required_result_multiple_inputs",
      description: "Asks for a name, a model greeting and the roots at once.",
    },
    async (_args, ctx) => {
      const [name, greeting, roots] = await Promise.all([
        askName(ctx, "What is your name?", "user_name"),
        ctx.sample("Generate a greeting", { maxTokens: 50, key: "greeting" }),
        ctx.listRoots({ key: "client_roots" }),
      ]);
      return `${greeting.text} ${name} (${roots.length} roots)`;
    },
  );
  mcp.tool(
    {
      name: "test_input_required_result_multi_round",
      description: "Asks two questions, one after the other.",
    },
    async (_args, ctx) => {
      const name = await askName(ctx, "Step 1: What is your name?", "step1");
      const colour = await ctx.elicit(
        "Step 2: What is your favorite color?",
        z.object({ color: z.string() }),
        {
          key: "step2",
        },
      );
      return `${name} likes ${colour.action === "accept" ? colour.content.color : "no colour"}`;
    },
  );
  mcp.tool(
    { name: "test_input_required_result_tampered_state", description: "Asks for a confirmation." },
    async (_args, ctx) => {
      const answer = await ctx.elicit("Please confirm", confirmation, { key: "confirm" });
      return `confirmed=${answer.action === "accept" && answer.content.ok}`;
    },
  );
  mcp.tool(
    {
      name: "test_input_required_result_capabilities",
      description: "Asks only for the inputs the client's capabilities declare.",
    },
    async (_args, ctx) => {
      const { capabilities } = ctx.client;
      const asks: Array<Promise<string>> = [];
      if (capabilities.sampling)
        asks.push(ctx.sample("Say hello", { maxTokens: 20 }).then(({ text }) => text));
      if (capabilities.elicitation) asks.push(askName(ctx, "What is your name?", "user_name"));
      if (capabilities.roots) asks.push(ctx.listRoots().then((roots) => `${roots.length} roots`));
      if (asks.length === 0) return "The client declared no input capabilities.";
      return (await Promise.all(asks)).join("; ");
    },
  );
  mcp.tool(
    {
      name: "test_missing_capability",
      description: "Needs the client's sampling capability; a client without it gets -32021.",
    },
    async (_args, ctx) => (await ctx.sample("Say hello", { maxTokens: 20 })).text,
  );
  mcp.prompt(
    { name: "test_input_required_result_prompt", description: "Asks what context the prompt should use." },
    async (_args, ctx) => {
      const answer = await ctx.elicit(
        "What context should the prompt use?",
        z.object({ context: z.string() }),
        {
          key: "user_context",
        },
      );
      return `Use this context: ${answer.action === "accept" ? answer.content.context : "none"}`;
    },
  );
}

async function askName(ctx: Context, message: string, key: string): Promise<string> {
  const answer = await ctx.elicit(message, named, { key });
  return answer.action === "accept" ? answer.content.name : `(${answer.action})`;
}

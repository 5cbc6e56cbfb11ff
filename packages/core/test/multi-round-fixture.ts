import { z } from "zod";
import { FastMCP, type FastMCPOptions, META, PROTOCOL_2026 } from "../src/index.js";
import { JSON_AND_SSE, readMessages } from "./http-fixture.js";

export const STATE_KEY = "test-request-state-key-0123456789abcdef";

/** Everything a client may be asked for, as a 2026 envelope declares it. */
export const ALL_CAPABILITIES = { elicitation: {}, sampling: {}, roots: {} };

/** Tools, a prompt and a resource that ask for input the ways handlers do. */
export function createRoundsServer(options: Partial<FastMCPOptions> = {}) {
  const effects: string[] = [];
  const mcp = new FastMCP({
    name: "rounds",
    version: "1.0.0",
    logLevel: "silent",
    requestStateKey: STATE_KEY,
    ...options,
  });
  const name = z.object({ name: z.string() });
  mcp.tool(
    { name: "greet", description: "Asks for a name", input: { greeting: z.string().optional() } },
    async ({ greeting }, ctx) => {
      const answer = await ctx.elicit("What is your name?", name, { key: "user_name" });
      return answer.action === "accept"
        ? `${greeting ?? "Hello"}, ${answer.content.name}!`
        : `no name (${answer.action})`;
    },
  );
  mcp.tool({ name: "batch", description: "Asks three things at once" }, async (_args, ctx) => {
    const [who, model, roots] = await Promise.all([
      ctx.elicit("Who?", name),
      ctx.sample("Say hi", { maxTokens: 20 }),
      ctx.listRoots(),
    ]);
    const person = who.action === "accept" ? who.content.name : who.action;
    return `${person} / ${model.text} / ${roots.map((root) => root.uri).join(",")}`;
  });
  mcp.tool({ name: "two_steps", description: "Asks twice, one after the other" }, async (_args, ctx) => {
    const first = await ctx.elicit("Step 1: name?", name);
    const second = await ctx.elicit("Step 2: colour?", z.object({ color: z.string() }));
    const a = first.action === "accept" ? first.content.name : "-";
    const b = second.action === "accept" ? second.content.color : "-";
    return `${a} likes ${b}`;
  });
  mcp.tool({ name: "charge", description: "Charges once, then asks to confirm" }, async (_args, ctx) => {
    const receipt = await ctx.once("charge", () => {
      effects.push("charged");
      return { receipt: `r${effects.length}` };
    });
    const confirm = await ctx.elicit("Keep it?", z.object({ keep: z.boolean() }), { key: "confirm" });
    return `${receipt.receipt} kept=${confirm.action === "accept" && confirm.content.keep}`;
  });
  mcp.tool({ name: "hoard", description: "Journals too much" }, async (_args, ctx) => {
    await ctx.once("big", () => "x".repeat(70 * 1024));
    return "unreachable";
  });
  mcp.tool({ name: "model_only", description: "Only samples" }, async (_args, ctx) => {
    const { text } = await ctx.sample("Hi?", { key: "hi" });
    return text;
  });
  mcp.tool(
    { name: "three_questions", description: "Asks the model three times in turn" },
    async (_args, ctx) => {
      let length = 0;
      for (const question of ["one", "two", "three"]) length += (await ctx.sample(question)).text.length;
      return `${length} characters`;
    },
  );
  mcp.prompt({ name: "briefing", description: "Asks for context" }, async (_args, ctx) => {
    const answer = await ctx.elicit("Context?", z.object({ context: z.string() }), { key: "user_context" });
    return answer.action === "accept" ? `Brief on ${answer.content.context}` : "Brief";
  });
  mcp.resource(
    "rounds://secret",
    { name: "secret", description: "Asks before it reads" },
    async (_params, ctx) => {
      const answer = await ctx.elicit("Password?", z.object({ password: z.string() }), { key: "password" });
      return answer.action === "accept" && answer.content.password === "open" ? "the secret" : "denied";
    },
  );
  return { mcp, effects };
}

/** The 2026 `_meta` envelope. */
export function envelope(capabilities: Record<string, unknown> = ALL_CAPABILITIES) {
  return {
    [META.protocolVersion]: PROTOCOL_2026,
    [META.clientCapabilities]: capabilities,
    [META.clientInfo]: { name: "raw-2026", version: "1" },
  };
}

let nextId = 100;

/** POSTs one 2026 request and returns the JSON-RPC response to it. */
export async function post2026(
  url: string,
  method: string,
  params: Record<string, unknown>,
  options: { capabilities?: Record<string, unknown>; headers?: Record<string, string> } = {},
): Promise<{
  id: number;
  status: number;
  result?: Record<string, unknown>;
  error?: { code: number; message: string; data?: unknown };
}> {
  const id = nextId++;
  const name =
    typeof params.name === "string" ? params.name : typeof params.uri === "string" ? params.uri : undefined;
  const response = await fetch(url, {
    method: "POST",
    headers: {
      ...JSON_AND_SSE,
      "MCP-Protocol-Version": PROTOCOL_2026,
      "Mcp-Method": method,
      ...(name === undefined ? {} : { "Mcp-Name": name }),
      ...options.headers,
    },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id,
      method,
      params: { ...params, _meta: envelope(options.capabilities) },
    }),
  });
  const messages = await readMessages(response);
  const reply = messages.find((message) => message.id === id);
  if (!reply) throw new Error(`no response to ${id}: ${JSON.stringify(messages)}`);
  return { ...(reply as object), id, status: response.status } as never;
}

/** The state of an `input_required` result, failing the test when the result is anything else. */
export function stateOf(result: Record<string, unknown> | undefined): string {
  if (result?.resultType !== "input_required" || typeof result.requestState !== "string") {
    throw new Error(`expected input_required with a requestState, got ${JSON.stringify(result)}`);
  }
  return result.requestState;
}

export const accept = (content: Record<string, unknown>) => ({ action: "accept", content });
export const sampled = (text: string) => ({ role: "assistant", content: { type: "text", text }, model: "m" });

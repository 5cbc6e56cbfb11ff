import { Client, META, PROTOCOL_2026 } from "@mcpkit/core";
import { describe, expect, it } from "vitest";
import { createEverythingServer } from "./server.js";

const KEY = "everything-test-request-state-key-0123456789";
const EVERY_INPUT = { elicitation: {}, sampling: {}, roots: {} };

async function serve() {
  const mcp = createEverythingServer({ logLevel: "silent", requestStateKey: [KEY] });
  const running = await mcp.run({
    transport: "http",
    host: "127.0.0.1",
    port: 0,
    handleSignals: false,
  });
  let id = 0;
  /** One raw 2026 request, as the conformance suite sends it. */
  const send = async (
    method: string,
    params: Record<string, unknown>,
    capabilities: object = EVERY_INPUT,
  ) => {
    id += 1;
    const meta = {
      [META.protocolVersion]: PROTOCOL_2026,
      [META.clientCapabilities]: capabilities,
      [META.clientInfo]: { name: "raw", version: "1" },
    };
    const response = await fetch(running.url as string, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json, text/event-stream",
        "MCP-Protocol-Version": PROTOCOL_2026,
        "Mcp-Method": method,
        "Mcp-Name": String(params.name ?? params.uri),
      },
      body: JSON.stringify({ jsonrpc: "2.0", id, method, params: { ...params, _meta: meta } }),
    });
    const text = await response.text();
    const body = text.startsWith("{")
      ? text
      : (text.split("\n").find((line) => line.startsWith("data: {")) ?? "").slice(6);
    const reply = JSON.parse(body) as {
      id: number;
      result?: Record<string, unknown>;
      error?: { code: number; data?: unknown };
    };
    expect(reply.id).toBe(id);
    return reply;
  };
  return { send, [Symbol.asyncDispose]: () => running.close() };
}

const accept = (content: object) => ({ action: "accept", content });
const sampled = (text: string) => ({ role: "assistant", content: { type: "text", text }, model: "m" });
const roots = { roots: [{ uri: "file:///test/root", name: "Test Root" }] };

describe("everything: multi round-trip fixtures (2026)", () => {
  it("elicitation, sampling and roots each take one round and complete on the retry", async () => {
    await using server = await serve();
    const cases = [
      ["test_input_required_result_elicitation", "user_name", accept({ name: "Alice" }), "Hello, Alice!"],
      [
        "test_input_required_result_sampling",
        "capital_question",
        sampled("Paris"),
        "The model answered: Paris",
      ],
      ["test_input_required_result_list_roots", "client_roots", roots, "Roots: file:///test/root"],
      [
        "test_streaming_elicitation",
        "elicitation_1",
        accept({ confirmed: true }),
        "Elicitation answered: accept",
      ],
    ] as const;
    for (const [name, key, answer, text] of cases) {
      const first = await server.send("tools/call", { name, arguments: {} });
      expect(first.result?.resultType, name).toBe("input_required");
      expect(Object.keys(first.result?.inputRequests as object), name).toEqual([key]);
      const retry = await server.send("tools/call", {
        name,
        arguments: {},
        inputResponses: { [key]: answer },
        requestState: first.result?.requestState,
      });
      expect(retry.result?.content, name).toEqual([{ type: "text", text }]);
    }
  });

  it("request state, several inputs at once, several rounds, a prompt", async () => {
    await using server = await serve();
    const call = (name: string, more: object = {}) =>
      server.send("tools/call", { name, arguments: {}, ...more });

    const stateful = await call("test_input_required_result_request_state");
    const stateOk = await call("test_input_required_result_request_state", {
      inputResponses: { confirm: accept({ ok: true }) },
      requestState: stateful.result?.requestState,
    });
    expect(stateOk.result?.content).toEqual([{ type: "text", text: "state-ok: confirmed=true" }]);

    const multiple = await call("test_input_required_result_multiple_inputs");
    expect(Object.keys(multiple.result?.inputRequests as object).sort()).toEqual([
      "client_roots",
      "greeting",
      "user_name",
    ]);
    const all = await call("test_input_required_result_multiple_inputs", {
      inputResponses: {
        user_name: accept({ name: "Alice" }),
        greeting: sampled("Hello"),
        client_roots: roots,
      },
      requestState: multiple.result?.requestState,
    });
    expect(all.result?.content).toEqual([{ type: "text", text: "Hello Alice (1 roots)" }]);

    const step1 = await call("test_input_required_result_multi_round");
    const step2 = await call("test_input_required_result_multi_round", {
      inputResponses: { step1: accept({ name: "Alice" }) },
      requestState: step1.result?.requestState,
    });
    expect(Object.keys(step2.result?.inputRequests as object)).toEqual(["step2"]);
    const done = await call("test_input_required_result_multi_round", {
      inputResponses: { step2: accept({ color: "blue" }) },
      requestState: step2.result?.requestState,
    });
    expect(done.result?.content).toEqual([{ type: "text", text: "Alice likes blue" }]);

    const prompt = await server.send("prompts/get", { name: "test_input_required_result_prompt" });
    const messages = await server.send("prompts/get", {
      name: "test_input_required_result_prompt",
      inputResponses: { user_context: accept({ context: "tests" }) },
      requestState: prompt.result?.requestState,
    });
    expect(messages.result?.messages).toEqual([
      { role: "user", content: { type: "text", text: "Use this context: tests" } },
    ]);
  });

  it("refuses tampered state, asks only for declared capabilities, -32021 without sampling", async () => {
    await using server = await serve();
    const first = await server.send("tools/call", {
      name: "test_input_required_result_tampered_state",
      arguments: {},
    });
    const tampered = await server.send("tools/call", {
      name: "test_input_required_result_tampered_state",
      arguments: {},
      inputResponses: { confirm: accept({ ok: true }) },
      requestState: `${first.result?.requestState}-TAMPERED`,
    });
    expect(tampered.error?.code).toBe(-32602);

    const samplingOnly = await server.send(
      "tools/call",
      { name: "test_input_required_result_capabilities", arguments: {} },
      { sampling: {} },
    );
    const methods = Object.values(samplingOnly.result?.inputRequests as Record<string, { method: string }>);
    expect(methods.map((ask) => ask.method)).toEqual(["sampling/createMessage"]);

    const missing = await server.send("tools/call", { name: "test_missing_capability", arguments: {} }, {});
    expect(missing.error).toMatchObject({ code: -32021, data: { requiredCapabilities: { sampling: {} } } });
  });
});

describe("everything: the same fixtures on 2025", () => {
  it("ask through server-to-client requests", async () => {
    await using client = await Client.connect(createEverythingServer({ logLevel: "silent" }), {
      onElicitation: async () => accept({ name: "Bo", color: "red" }) as never,
      onSampling: async () => sampled("Hi") as never,
    });
    expect((await client.callTool("test_input_required_result_multi_round")).content).toEqual([
      { type: "text", text: "Bo likes red" },
    ]);
    expect((await client.callTool("test_missing_capability")).content).toEqual([
      { type: "text", text: "Hi" },
    ]);
  });
});

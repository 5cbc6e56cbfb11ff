import { afterEach, describe, expect, it, vi } from "vitest";
import { Client } from "../src/index.js";
import { serve } from "./http-fixture.js";
import { accept, createRoundsServer, envelope, post2026, sampled, stateOf } from "./multi-round-fixture.js";
import { rawStdio } from "./raw-stdio.js";

// A stateful endpoint: 2026 requests are served on it without a session all the same.
const serveRounds = (options: Parameters<typeof createRoundsServer>[0] = {}) =>
  serve(createRoundsServer(options).mcp);

describe("multi round-trip requests (2026)", () => {
  it("answers an ask with input_required, then completes the retry with the answer", async () => {
    await using server = await serveRounds();
    const first = await post2026(server.url, "tools/call", { name: "greet", arguments: { greeting: "Hi" } });
    expect(first.result).toMatchObject({
      resultType: "input_required",
      inputRequests: {
        user_name: {
          method: "elicitation/create",
          params: {
            mode: "form",
            message: "What is your name?",
            requestedSchema: { type: "object", properties: { name: { type: "string" } }, required: ["name"] },
          },
        },
      },
    });
    const retry = await post2026(server.url, "tools/call", {
      name: "greet",
      arguments: { greeting: "Hi" },
      inputResponses: { user_name: accept({ name: "Alice" }) },
      requestState: stateOf(first.result),
    });
    expect(retry.result?.content).toEqual([{ type: "text", text: "Hi, Alice!" }]);
    expect(retry.result?.resultType).not.toBe("input_required");
  });

  it("batches asks made together into one input_required", async () => {
    await using server = await serveRounds();
    const first = await post2026(server.url, "tools/call", { name: "batch", arguments: {} });
    const requests = first.result?.inputRequests as Record<string, { method: string }>;
    expect(Object.entries(requests).map(([key, ask]) => [key, ask.method])).toEqual([
      ["elicitation_1", "elicitation/create"],
      ["sampling_2", "sampling/createMessage"],
      ["roots_3", "roots/list"],
    ]);
    const retry = await post2026(server.url, "tools/call", {
      name: "batch",
      arguments: {},
      inputResponses: {
        elicitation_1: accept({ name: "Ann" }),
        sampling_2: sampled("hello"),
        roots_3: { roots: [{ uri: "file:///work" }] },
      },
      requestState: stateOf(first.result),
    });
    expect(retry.result?.content).toEqual([{ type: "text", text: "Ann / hello / file:///work" }]);
  });

  it("runs sequential asks over several rounds, each with a new state", async () => {
    await using server = await serveRounds();
    const one = await post2026(server.url, "tools/call", { name: "two_steps", arguments: {} });
    expect(Object.keys(one.result?.inputRequests as object)).toEqual(["elicitation_1"]);
    const two = await post2026(server.url, "tools/call", {
      name: "two_steps",
      arguments: {},
      inputResponses: { elicitation_1: accept({ name: "Bo" }) },
      requestState: stateOf(one.result),
    });
    expect(Object.keys(two.result?.inputRequests as object)).toEqual(["elicitation_2"]);
    expect(stateOf(two.result)).not.toBe(stateOf(one.result));
    const three = await post2026(server.url, "tools/call", {
      name: "two_steps",
      arguments: {},
      inputResponses: { elicitation_2: accept({ color: "blue" }) },
      requestState: stateOf(two.result),
    });
    expect(three.result?.content).toEqual([{ type: "text", text: "Bo likes blue" }]);
  });

  it("ctx.once journals a side effect so the re-run does not repeat it", async () => {
    const { mcp, effects } = createRoundsServer();
    await using server = await serve(mcp);
    const first = await post2026(server.url, "tools/call", { name: "charge", arguments: {} });
    expect(effects).toEqual(["charged"]);
    const retry = await post2026(server.url, "tools/call", {
      name: "charge",
      arguments: {},
      inputResponses: { confirm: accept({ keep: true }) },
      requestState: stateOf(first.result),
    });
    expect(retry.result?.content).toEqual([{ type: "text", text: "r1 kept=true" }]);
    expect(effects).toEqual(["charged"]);
  });

  it("caps the ctx.once journal with a clear error", async () => {
    await using server = await serve(createRoundsServer().mcp);
    const call = await post2026(server.url, "tools/call", { name: "hoard", arguments: {} });
    expect(call.result?.isError).toBe(true);
    expect(JSON.stringify(call.result?.content)).toContain(
      'ctx.once(\\"big\\") would take the request-state journal',
    );
  });

  it("serves prompts/get and resources/read in rounds too", async () => {
    await using server = await serveRounds();
    const prompt = await post2026(server.url, "prompts/get", { name: "briefing" });
    const promptDone = await post2026(server.url, "prompts/get", {
      name: "briefing",
      inputResponses: { user_context: accept({ context: "tides" }) },
      requestState: stateOf(prompt.result),
    });
    expect(promptDone.result?.messages).toEqual([
      { role: "user", content: { type: "text", text: "Brief on tides" } },
    ]);
    const read = await post2026(server.url, "resources/read", { uri: "rounds://secret" });
    const readDone = await post2026(server.url, "resources/read", {
      uri: "rounds://secret",
      inputResponses: { password: accept({ password: "open" }) },
      requestState: stateOf(read.result),
    });
    expect(readDone.result?.contents).toMatchObject([{ uri: "rounds://secret", text: "the secret" }]);
  });

  it("answers an ask for an undeclared capability with -32021 and the capability", async () => {
    await using server = await serveRounds();
    const call = await post2026(
      server.url,
      "tools/call",
      { name: "greet", arguments: {} },
      { capabilities: { sampling: {} } },
    );
    expect(call.error).toMatchObject({
      code: -32021,
      data: { requiredCapabilities: { elicitation: { form: {} } } },
    });
    const sampling = await post2026(
      server.url,
      "tools/call",
      { name: "model_only", arguments: {} },
      { capabilities: {} },
    );
    expect(sampling.error).toMatchObject({ code: -32021, data: { requiredCapabilities: { sampling: {} } } });
    expect([call.status, sampling.status]).toEqual([400, 400]);
  });

  it("takes answers sent without a state by key, ignores unknown keys and asks again for missing ones", async () => {
    await using server = await serveRounds();
    const extra = await post2026(server.url, "tools/call", {
      name: "greet",
      arguments: {},
      inputResponses: { user_name: accept({ name: "Cy" }), unrelated: accept({ x: 1 }) },
    });
    expect(extra.result?.content).toEqual([{ type: "text", text: "Hello, Cy!" }]);
    const wrong = await post2026(server.url, "tools/call", {
      name: "greet",
      arguments: {},
      inputResponses: { wrong_key: accept({ name: "Cy" }) },
    });
    expect(Object.keys(wrong.result?.inputRequests as object)).toEqual(["user_name"]);
  });
});

describe("multi round-trip bad input", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  async function firstRound(url: string, args: Record<string, unknown> = {}) {
    return stateOf((await post2026(url, "tools/call", { name: "greet", arguments: args })).result);
  }

  function retry(url: string, requestState: unknown, more: Record<string, unknown> = {}) {
    return post2026(url, "tools/call", {
      name: "greet",
      arguments: {},
      inputResponses: { user_name: accept({ name: "Eve" }) },
      requestState,
      ...more,
    });
  }

  it("refuses a tampered state with -32602 and the request id", async () => {
    await using server = await serveRounds();
    const state = await firstRound(server.url);
    const flipped = `${state.slice(0, -6)}${state.at(-6) === "A" ? "B" : "A"}${state.slice(-5)}`;
    for (const bad of [flipped, `${state}-TAMPERED`, "not a state", 42]) {
      const reply = await retry(server.url, bad);
      expect(reply.error?.code).toBe(-32602);
      expect(reply.result).toBeUndefined();
    }
    expect((await retry(server.url, flipped)).error).toMatchObject({ data: { reason: "tampered" } });
  });

  it("refuses a state once used (replay), expired, or brought to another request", async () => {
    await using server = await serveRounds();
    const state = await firstRound(server.url);
    expect((await retry(server.url, state)).result?.content).toEqual([{ type: "text", text: "Hello, Eve!" }]);
    expect((await retry(server.url, state)).error).toMatchObject({
      code: -32602,
      data: { reason: "replayed" },
    });

    const withArgs = await firstRound(server.url, { greeting: "Yo" });
    const otherArgs = await retry(server.url, withArgs, { arguments: { greeting: "Hey" } });
    expect(otherArgs.error).toMatchObject({ code: -32602, data: { reason: "foreign" } });
    expect(otherArgs.error?.message).toContain("other arguments");
    const otherTool = await post2026(server.url, "tools/call", {
      name: "charge",
      arguments: {},
      requestState: await firstRound(server.url),
    });
    expect(otherTool.error).toMatchObject({ code: -32602, data: { reason: "foreign" } });

    const aging = await firstRound(server.url);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 11 * 60_000);
    expect((await retry(server.url, aging)).error).toMatchObject({
      code: -32602,
      data: { reason: "expired" },
    });
  });

  it("refuses a state issued to another principal", async () => {
    const { staticTokenVerifier } = await import("../src/index.js");
    const { mcp } = createRoundsServer();
    await using server = await serve(mcp, {
      auth: { verify: staticTokenVerifier({ "token-alice": "alice", "token-bob": "bob" }) },
    });
    const as = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });
    const first = await post2026(
      server.url,
      "tools/call",
      { name: "greet", arguments: {} },
      as("token-alice"),
    );
    const params = {
      name: "greet",
      arguments: {},
      inputResponses: { user_name: accept({ name: "Mallory" }) },
      requestState: stateOf(first.result),
    };
    const stolen = await post2026(server.url, "tools/call", params, as("token-bob"));
    expect(stolen.error).toMatchObject({ code: -32602, data: { reason: "foreign" } });
    expect(stolen.error?.message).toContain("another principal");
    const own = await post2026(server.url, "tools/call", params, as("token-alice"));
    expect(own.result?.content).toEqual([{ type: "text", text: "Hello, Mallory!" }]);
  });

  it("opens states of every listed key and refuses those of a key it does not hold", async () => {
    const oldKey = "old-request-state-key-0123456789abcdef";
    const newKey = "new-request-state-key-0123456789abcdef";
    await using before = await serveRounds({ requestStateKey: oldKey });
    await using rotated = await serveRounds({ requestStateKey: [newKey, oldKey] });
    await using stranger = await serveRounds({ requestStateKey: newKey });
    const sealedByOld = await firstRound(before.url);
    expect((await retry(stranger.url, sealedByOld)).error).toMatchObject({
      code: -32602,
      data: { reason: "unknown-key" },
    });
    expect((await retry(rotated.url, sealedByOld)).result?.content).toEqual([
      { type: "text", text: "Hello, Eve!" },
    ]);
    const sealedByNew = await firstRound(rotated.url);
    expect((await retry(stranger.url, sealedByNew)).result?.content).toEqual([
      { type: "text", text: "Hello, Eve!" },
    ]);
    expect(() => createRoundsServer({ requestStateKey: "short" })).toThrow(/at least 32 characters/);
  });

  it("without a key seals with a random one and warns once that replicas need a shared key", async () => {
    const lines: string[] = [];
    await using server = await serveRounds({
      requestStateKey: undefined,
      logLevel: "warning",
      logSink: (line) => lines.push(line),
    });
    const state = await firstRound(server.url);
    await firstRound(server.url);
    expect((await retry(server.url, state)).result?.content).toEqual([{ type: "text", text: "Hello, Eve!" }]);
    expect(lines.filter((line) => line.includes("replicas need a shared key"))).toHaveLength(1);
  });

  it("refuses malformed, huge or mistyped inputResponses with -32602", async () => {
    await using server = await serveRounds();
    const call = (inputResponses: unknown) =>
      post2026(server.url, "tools/call", { name: "greet", arguments: {}, inputResponses });
    for (const bad of [null, [], "x", { user_name: 12345 }, { user_name: null }]) {
      expect((await call(bad)).error?.code).toBe(-32602);
    }
    const many = Object.fromEntries(Array.from({ length: 65 }, (_, index) => [`k${index}`, {}]));
    expect((await call(many)).error?.message).toContain("at most 64");
    const huge = { user_name: accept({ name: "x".repeat(1024 * 1024) }) };
    expect((await call(huge)).error?.message).toContain("characters");
    const mistyped = await call({ user_name: { action: "maybe" } });
    expect(mistyped.error).toMatchObject({ code: -32602 });
    expect(mistyped.error?.message).toContain(
      'inputResponses["user_name"] is not a elicitation/create result',
    );
    const badRoots = await post2026(server.url, "tools/call", {
      name: "batch",
      arguments: {},
      inputResponses: {
        elicitation_1: accept({ name: "A" }),
        sampling_2: sampled("s"),
        roots_3: { roots: "nope" },
      },
    });
    expect(badRoots.error?.message).toContain("roots must be a list");
  });

  it("refuses to seal a state past its cap, so that every state it issues is one it accepts", async () => {
    await using server = await serveRounds();
    const large = "x".repeat(900 * 1024);
    let state: string | undefined;
    let inputResponses: Record<string, unknown> | undefined;
    for (const key of ["sampling_1", "sampling_2"]) {
      const round = await post2026(server.url, "tools/call", {
        name: "three_questions",
        arguments: {},
        ...(state === undefined ? {} : { requestState: state, inputResponses }),
      });
      state = stateOf(round.result);
      inputResponses = { [key]: sampled(large) };
    }
    const third = await post2026(server.url, "tools/call", {
      name: "three_questions",
      arguments: {},
      requestState: state,
      inputResponses,
    });
    expect(third.error).toMatchObject({ code: -32602 });
    expect(third.error?.message).toContain("past the cap");
  });

  it("never answers input_required on other methods", async () => {
    await using server = await serveRounds();
    const list = await post2026(server.url, "tools/list", {});
    expect(list.result?.resultType).not.toBe("input_required");
    expect(Array.isArray(list.result?.tools)).toBe(true);
  });
});

describe("multi round-trip requests over stdio", () => {
  it("round-trips an elicitation, and answers -32021 with the request id", async () => {
    await using stdio = await rawStdio(createRoundsServer().mcp);
    const call = (id: number, params: Record<string, unknown>, capabilities?: Record<string, unknown>) =>
      stdio.request({
        jsonrpc: "2.0",
        id,
        method: "tools/call",
        params: { name: "greet", arguments: {}, ...params, _meta: envelope(capabilities) },
      });
    const first = await call(1, {});
    expect(Object.keys((first.result as { inputRequests: object }).inputRequests)).toEqual(["user_name"]);
    const retry = await call(2, {
      inputResponses: { user_name: accept({ name: "Io" }) },
      requestState: stateOf(first.result as Record<string, unknown>),
    });
    expect(retry.result).toMatchObject({
      resultType: "complete",
      content: [{ type: "text", text: "Hello, Io!" }],
    });
    const refused = await call(3, {}, { roots: {} });
    expect(refused).toMatchObject({ id: 3, error: { code: -32021 } });
  });
});

describe("the same handlers on 2025", () => {
  it("still send real server-to-client requests", async () => {
    const { mcp, effects } = createRoundsServer();
    await using client = await Client.connect(mcp, {
      // One answer that fits every form these handlers show (zod drops the other fields).
      onElicitation: async () => accept({ name: "Dee", keep: false, context: "tides" }) as never,
      onSampling: async () => sampled("hi there") as never,
      roots: [{ uri: "file:///home" }],
    });
    expect((await client.callTool("greet", {})).content).toEqual([{ type: "text", text: "Hello, Dee!" }]);
    expect((await client.callTool("batch", {})).content).toEqual([
      { type: "text", text: "Dee / hi there / file:///home" },
    ]);
    expect((await client.callTool("charge", {})).content).toEqual([{ type: "text", text: "r1 kept=false" }]);
    expect(effects).toEqual(["charged"]);
    expect((await client.getPrompt("briefing")).messages).toEqual([
      { role: "user", content: { type: "text", text: "Brief on tides" } },
    ]);
  });
});

import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  Client,
  type Context,
  FastMCP,
  type LogMessageNotification,
  type ProgressNotification,
} from "../src/index.js";

function server() {
  return new FastMCP({ name: "ctx-test", logLevel: "silent" });
}

describe("Context logging", () => {
  it("sends every level as notifications/message, filtered by logging/setLevel", async () => {
    const mcp = server();
    mcp.tool({ name: "chatty" }, async (_args, ctx) => {
      await ctx.debug("d");
      await ctx.info("i", { rows: 3 });
      await ctx.notice("n");
      await ctx.warning("w");
      await ctx.error("e");
      return "done";
    });
    const logs: LogMessageNotification[] = [];
    await using client = await Client.connect(mcp, { onLog: (message) => logs.push(message) });
    expect(client.serverCapabilities.logging).toEqual({});
    await client.callTool("chatty");
    expect(logs.map((log) => log.level)).toEqual(["debug", "info", "notice", "warning", "error"]);
    expect(logs[1]).toEqual({ level: "info", logger: "ctx-test", data: { message: "i", data: { rows: 3 } } });

    logs.length = 0;
    await client.setLogLevel("warning");
    await client.callTool("chatty");
    expect(logs.map((log) => log.level)).toEqual(["warning", "error"]);
    await expect(client.request("logging/setLevel", { level: "loud" })).rejects.toMatchObject({
      code: -32602,
    });
  });

  it("keeps each session's log level to itself", async () => {
    const mcp = server();
    mcp.tool({ name: "t" }, async (_args, ctx) => {
      await ctx.info("hello");
      return "";
    });
    const quietLogs: unknown[] = [];
    const loudLogs: unknown[] = [];
    await using quiet = await Client.connect(mcp, { onLog: (log) => quietLogs.push(log) });
    await using loud = await Client.connect(mcp, { onLog: (log) => loudLogs.push(log) });
    await quiet.setLogLevel("error");
    await quiet.callTool("t");
    await loud.callTool("t");
    expect(quietLogs).toHaveLength(0);
    expect(loudLogs).toHaveLength(1);
  });
});

describe("Context progress", () => {
  it("reports progress for the request's token, before the result, in order", async () => {
    const mcp = server();
    mcp.tool({ name: "work" }, async (_args, ctx) => {
      for (let step = 1; step <= 5; step++) await ctx.reportProgress(step, 5, `step ${step}`);
      return "finished";
    });
    const events: string[] = [];
    await using client = await Client.connect(mcp);
    const result = await client.callTool(
      "work",
      {},
      {
        onProgress: (progress: ProgressNotification) =>
          events.push(`${progress.progress}/${progress.total} ${progress.message}`),
      },
    );
    events.push((result.content[0] as { text: string }).text);
    expect(events).toEqual([
      "1/5 step 1",
      "2/5 step 2",
      "3/5 step 3",
      "4/5 step 4",
      "5/5 step 5",
      "finished",
    ]);
  });

  it("does nothing when the client asked for no progress", async () => {
    const mcp = server();
    mcp.tool({ name: "work" }, async (_args, ctx) => {
      await ctx.reportProgress(1, 2);
      return "ok";
    });
    await using client = await Client.connect(mcp);
    let progressSeen = 0;
    client.on("notifications/progress", () => progressSeen++);
    expect((await client.callTool("work")).content).toEqual([{ type: "text", text: "ok" }]);
    expect(progressSeen).toBe(0);
  });
});

describe("Context sampling", () => {
  it("asks the client's model and returns its text and raw result", async () => {
    const mcp = server();
    mcp.tool({ name: "summarise", input: { text: z.string() } }, async ({ text }, ctx) => {
      const reply = await ctx.sample(`Summarise: ${text}`, {
        systemPrompt: "Be brief.",
        maxTokens: 50,
        temperature: 0.2,
        modelPreferences: "claude",
      });
      return `${reply.text} (${reply.result.model})`;
    });
    const requests: unknown[] = [];
    await using client = await Client.connect(mcp, {
      onSampling: (request) => {
        requests.push(request);
        return { role: "assistant", model: "test-model", content: { type: "text", text: "Short." } };
      },
    });
    const result = await client.callTool("summarise", { text: "a long story" });
    expect(result.content).toEqual([{ type: "text", text: "Short. (test-model)" }]);
    expect(requests[0]).toEqual({
      messages: [{ role: "user", content: { type: "text", text: "Summarise: a long story" } }],
      maxTokens: 50,
      systemPrompt: "Be brief.",
      temperature: 0.2,
      modelPreferences: { hints: [{ name: "claude" }] },
    });
  });

  it("fails clearly when the client does not support sampling", async () => {
    const mcp = server();
    mcp.tool({ name: "summarise" }, async (_args, ctx) => (await ctx.sample("hi")).text);
    await using client = await Client.connect(mcp, { name: "plain-client" });
    const result = await client.callTool("summarise");
    expect(result).toEqual({
      content: [
        {
          type: "text",
          text: "plain-client does not support sampling (sampling/createMessage), which this tool needs.",
        },
      ],
      isError: true,
    });
  });

  it("surfaces the client's refusal as a tool error and keeps serving", async () => {
    const mcp = server();
    mcp.tool({ name: "summarise" }, async (_args, ctx) => (await ctx.sample("hi")).text);
    await using client = await Client.connect(mcp, {
      onSampling: () => {
        throw new Error("User rejected sampling request");
      },
    });
    const result = await client.callTool("summarise");
    expect(result.isError).toBe(true);
    expect(result.content[0]).toMatchObject({
      text: expect.stringContaining("User rejected sampling request"),
    });
  });
});

describe("Context elicitation", () => {
  const Booking = z.object({ date: z.string().describe("When"), guests: z.number().int().min(1).default(2) });

  function bookingServer() {
    const mcp = server();
    mcp.tool({ name: "book" }, async (_args, ctx) => {
      const answer = await ctx.elicit("When should I book?", Booking);
      if (answer.action !== "accept") return `no booking (${answer.action})`;
      return `booked ${answer.content.date} for ${answer.content.guests}`;
    });
    return mcp;
  }

  it("sends a form schema and returns the typed, validated answer", async () => {
    const requests: unknown[] = [];
    await using client = await Client.connect(bookingServer(), {
      onElicitation: (request) => {
        requests.push(request);
        return { action: "accept", content: { date: "2026-12-01" } };
      },
    });
    expect((await client.callTool("book")).content).toEqual([
      { type: "text", text: "booked 2026-12-01 for 2" },
    ]);
    expect(requests[0]).toMatchObject({
      mode: "form",
      message: "When should I book?",
      requestedSchema: {
        type: "object",
        properties: { date: { type: "string", description: "When" } },
        required: ["date"],
      },
    });
  });

  it("passes decline and cancel through, and rejects an answer that breaks the schema", async () => {
    let reply: { action: "accept" | "decline" | "cancel"; content?: Record<string, unknown> } = {
      action: "decline",
    };
    await using client = await Client.connect(bookingServer(), { onElicitation: () => reply });
    expect((await client.callTool("book")).content).toEqual([{ type: "text", text: "no booking (decline)" }]);
    reply = { action: "cancel" };
    expect((await client.callTool("book")).content).toEqual([{ type: "text", text: "no booking (cancel)" }]);
    reply = { action: "accept", content: { date: "soon", guests: 0 } };
    const invalid = await client.callTool("book");
    expect(invalid.isError).toBe(true);
    expect(invalid.content[0]).toMatchObject({ text: expect.stringContaining("guests") });
  });

  it("fails clearly when the client cannot elicit", async () => {
    await using client = await Client.connect(bookingServer());
    const result = await client.callTool("book");
    expect(result.isError).toBe(true);
    expect(result.content[0]).toMatchObject({
      text: expect.stringContaining("does not support elicitation"),
    });
  });
});

describe("Context roots", () => {
  it("lists the client's roots once and asks again after roots/list_changed", async () => {
    const mcp = server();
    mcp.tool({ name: "roots" }, async (_args, ctx) =>
      (await ctx.listRoots()).map((root) => root.uri).join(","),
    );
    await using client = await Client.connect(mcp, { roots: [{ uri: "file:///work", name: "work" }] });
    let asked = 0;
    const original = client.transport.onmessage;
    client.transport.onmessage = (message, extra) => {
      if ("method" in message && message.method === "roots/list") asked++;
      original?.(message, extra);
    };
    expect((await client.callTool("roots")).content).toEqual([{ type: "text", text: "file:///work" }]);
    expect((await client.callTool("roots")).content).toEqual([{ type: "text", text: "file:///work" }]);
    expect(asked).toBe(1);
    await client.setRoots([{ uri: "file:///a" }, { uri: "file:///b" }]);
    expect((await client.callTool("roots")).content).toEqual([{ type: "text", text: "file:///a,file:///b" }]);
    expect(asked).toBe(2);
  });

  it("fails clearly when the client has no roots", async () => {
    const mcp = server();
    mcp.tool({ name: "roots" }, async (_args, ctx) => (await ctx.listRoots()).length);
    await using client = await Client.connect(mcp);
    const result = await client.callTool("roots");
    expect(result.isError).toBe(true);
    expect(result.content[0]).toMatchObject({ text: expect.stringContaining("does not support roots") });
  });
});

describe("Context identity, resources and cancellation", () => {
  it("exposes the request id, the client's info and capabilities", async () => {
    const mcp = server();
    let seen: Context | undefined;
    mcp.tool({ name: "who" }, (_args, ctx) => {
      seen = ctx;
      return "";
    });
    await using client = await Client.connect(mcp, { name: "inspector", version: "9.9.9", roots: [] });
    await client.callTool("who");
    expect(seen?.requestId).toBeDefined();
    expect(seen?.client.info).toEqual({ name: "inspector", version: "9.9.9" });
    expect(seen?.client.capabilities).toEqual({ roots: { listChanged: true } });
    expect(seen?.client.protocolVersion).toBe("2025-11-25");
    expect(seen?.auth).toBeUndefined();
  });

  it("reads the server's own resources from a handler", async () => {
    const mcp = server();
    mcp.resource("config://limits", {}, () => ({ max: 5 }));
    mcp.tool({ name: "limits" }, async (_args, ctx) => {
      const { contents } = await ctx.readResource("config://limits");
      return (contents[0] as { text: string }).text;
    });
    mcp.tool({ name: "missing" }, async (_args, ctx) => ctx.readResource("config://none"));
    await using client = await Client.connect(mcp);
    const limits = await client.callTool("limits");
    expect(JSON.parse((limits.content[0] as { text: string }).text)).toEqual({ max: 5 });
    expect((await client.callTool("missing")).isError).toBe(true);
  });

  it("aborts ctx.signal when the client cancels, and sends no result for the call", async () => {
    const mcp = server();
    let aborted: (reason: unknown) => void = () => {};
    const abortSeen = new Promise((resolve) => {
      aborted = resolve;
    });
    let started: () => void = () => {};
    const running = new Promise<void>((resolve) => {
      started = resolve;
    });
    mcp.tool({ name: "slow" }, async (_args, ctx) => {
      ctx.signal.addEventListener("abort", () => aborted(ctx.signal.reason));
      started();
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      return "too late";
    });
    await using client = await Client.connect(mcp);
    const controller = new AbortController();
    const call = client.callTool("slow", {}, { signal: controller.signal });
    await running;
    controller.abort("user pressed stop");
    await expect(call).rejects.toThrow("user pressed stop");
    const reason = (await abortSeen) as Error;
    expect(reason.name).toBe("AbortError");
    expect(
      await client.callTool("slow", {}, { timeoutMs: 50 }).catch((error: Error) => error.message),
    ).toMatch(/No answer to tools\/call within 50 ms/);
  });

  it("aborts in-flight handlers when the client disconnects", async () => {
    const mcp = server();
    let abortSeen: Promise<unknown> | undefined;
    const started = new Promise<void>((resolve) => {
      mcp.tool({ name: "slow" }, async (_args, ctx) => {
        abortSeen = new Promise((done) => ctx.signal.addEventListener("abort", done));
        resolve();
        await abortSeen;
        return "";
      });
    });
    const client = await Client.connect(mcp);
    const call = client.callTool("slow").catch((error: Error) => error);
    await started;
    await client.close();
    expect(await call).toMatchObject({ code: -32000 });
    // The session aborts its calls and then leaves the server, in one go.
    await abortSeen;
    expect(mcp.sessionCount).toBe(0);
  });
});

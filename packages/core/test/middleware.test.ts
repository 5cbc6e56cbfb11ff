import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Client, FastMCP, McpError, type Middleware, ToolError } from "../src/index.js";
import { deferred } from "./wait-for.js";

function server(name = "test") {
  return new FastMCP({ name, version: "1.0.0", logLevel: "silent" });
}

/** A middleware that records when each of its hooks is entered and left. */
function recorder(label: string, events: string[]): Middleware {
  return {
    async onRequest(request, next) {
      events.push(`${label} request ${request.method}`);
      const result = await next(request);
      events.push(`${label} request done`);
      return result;
    },
    async onCallTool(request, next) {
      events.push(`${label} call ${request.params.name}`);
      const result = await next(request);
      events.push(`${label} call done`);
      return result;
    },
  };
}

describe("middleware chain", () => {
  it("runs in the order added, each middleware's onRequest around its operation hook", async () => {
    const events: string[] = [];
    const mcp = server();
    mcp.tool({ name: "echo", input: { message: z.string() } }, ({ message }) => {
      events.push("handler");
      return message;
    });
    mcp.use(recorder("A", events)).use(recorder("B", events));
    await using client = await Client.connect(mcp);
    events.length = 0;
    await client.callTool("echo", { message: "hi" });
    expect(events).toEqual([
      "A request tools/call",
      "A call echo",
      "B request tools/call",
      "B call echo",
      "handler",
      "B call done",
      "B request done",
      "A call done",
      "A request done",
    ]);
    events.length = 0;
    await client.ping();
    expect(events).toEqual(["A request ping", "B request ping", "B request done", "A request done"]);
  });

  it("lets a hook change the params on the way in and the result on the way out", async () => {
    const mcp = server();
    mcp.tool({ name: "echo", input: { message: z.string() } }, ({ message }) => message);
    mcp.use({
      async onCallTool(request, next) {
        const message = String(request.params.arguments?.message).toUpperCase();
        const result = await next({ ...request, params: { ...request.params, arguments: { message } } });
        return { ...result, content: [...result.content, { type: "text", text: "checked" }] };
      },
    });
    await using client = await Client.connect(mcp);
    expect((await client.callTool("echo", { message: "hi" })).content).toEqual([
      { type: "text", text: "HI" },
      { type: "text", text: "checked" },
    ]);
  });

  it("lets a hook answer without calling the handler", async () => {
    const mcp = server();
    let calls = 0;
    mcp.tool({ name: "expensive" }, () => {
      calls++;
      return "computed";
    });
    mcp.resource("data://config", {}, () => "real");
    mcp.use({
      async onCallTool() {
        return { content: [{ type: "text", text: "from middleware" }] };
      },
      async onReadResource(request) {
        return { contents: [{ uri: request.params.uri, text: "stubbed" }] };
      },
    });
    await using client = await Client.connect(mcp);
    expect((await client.callTool("expensive")).content).toEqual([{ type: "text", text: "from middleware" }]);
    expect((await client.readResource("data://config")).contents).toEqual([
      { uri: "data://config", text: "stubbed" },
    ]);
    expect(calls).toBe(0);
  });

  it("shows hooks the errors handlers throw, and turns what hooks throw into what the client sees", async () => {
    const seen: unknown[] = [];
    const mcp = server();
    mcp.tool({ name: "refuse" }, () => {
      throw new ToolError("No such city");
    });
    mcp.tool({ name: "admin_reset" }, () => "reset");
    mcp.resource("data://secret", {}, () => "secret");
    mcp.use({
      async onCallTool(request, next) {
        if (request.params.name.startsWith("admin_")) throw new ToolError("Admins only");
        try {
          return await next(request);
        } catch (error) {
          seen.push(error);
          throw error;
        }
      },
      async onReadResource() {
        throw new ToolError("Not for you");
      },
    });
    await using client = await Client.connect(mcp);
    expect(await client.callTool("refuse")).toEqual({
      content: [{ type: "text", text: "No such city" }],
      isError: true,
    });
    expect(seen).toEqual([expect.any(ToolError)]);
    expect(await client.callTool("admin_reset")).toEqual({
      content: [{ type: "text", text: "Admins only" }],
      isError: true,
    });
    const error = await client.readResource("data://secret").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(McpError);
    expect(error).toMatchObject({ code: -32602, message: "Not for you" });
  });

  it("masks a hook's bug like a handler's when the server masks error details", async () => {
    const mcp = new FastMCP({ name: "masked", logLevel: "silent", maskErrorDetails: true });
    mcp.tool({ name: "fine" }, () => "ok");
    mcp.prompt({ name: "plan" }, () => "plan");
    mcp.use({
      async onCallTool() {
        throw new Error("secret detail");
      },
      async onGetPrompt() {
        throw new Error("secret detail");
      },
    });
    await using client = await Client.connect(mcp);
    expect(await client.callTool("fine")).toEqual({
      content: [{ type: "text", text: "Error calling tool fine" }],
      isError: true,
    });
    await expect(client.getPrompt("plan")).rejects.toMatchObject({ code: -32603, message: "Internal error" });
  });

  it("gives list hooks the whole list to filter", async () => {
    const mcp = server();
    for (const name of ["public_a", "internal_b", "public_c"]) mcp.tool({ name }, () => name);
    mcp.resource("data://public", {}, () => "p");
    mcp.resource("data://internal", {}, () => "i");
    mcp.resource("data://{id}/public", {}, () => "t");
    mcp.resource("data://{id}/internal", {}, () => "t");
    mcp.prompt({ name: "public_p" }, () => "p");
    mcp.prompt({ name: "internal_p" }, () => "p");
    const visible = (name: string) => !name.includes("internal");
    mcp.use({
      async onListTools(request, next) {
        const result = await next(request);
        return { ...result, tools: result.tools.filter((tool) => visible(tool.name)) };
      },
      async onListResources(request, next) {
        const result = await next(request);
        return { ...result, resources: result.resources.filter((resource) => visible(resource.uri)) };
      },
      async onListResourceTemplates(request, next) {
        const result = await next(request);
        const resourceTemplates = result.resourceTemplates.filter((template) =>
          visible(template.uriTemplate),
        );
        return { ...result, resourceTemplates };
      },
      async onListPrompts(request, next) {
        const result = await next(request);
        return { ...result, prompts: result.prompts.filter((prompt) => visible(prompt.name)) };
      },
    });
    await using client = await Client.connect(mcp);
    expect((await client.listTools()).map((tool) => tool.name)).toEqual(["public_a", "public_c"]);
    expect((await client.listResources()).map((resource) => resource.uri)).toEqual(["data://public"]);
    expect((await client.listResourceTemplates()).map((template) => template.uriTemplate)).toEqual([
      "data://{id}/public",
    ]);
    expect((await client.listPrompts()).map((prompt) => prompt.name)).toEqual(["public_p"]);
  });

  it("passes client notifications through onNotification, and cancellation still works", async () => {
    const notifications: string[] = [];
    const aborted = deferred<void>();
    const started = deferred<void>();
    const mcp = server();
    mcp.tool({ name: "hang" }, (_args, ctx) => {
      ctx.signal.addEventListener("abort", () => aborted.resolve());
      started.resolve();
      return new Promise(() => {});
    });
    mcp.use({
      async onNotification(notification, next) {
        notifications.push(notification.method);
        await next(notification);
      },
    });
    await using client = await Client.connect(mcp);
    const controller = new AbortController();
    const call = client.callTool("hang", {}, { signal: controller.signal });
    await started.promise;
    controller.abort();
    await expect(call).rejects.toThrow();
    await aborted.promise;
    expect(notifications).toEqual(["notifications/initialized", "notifications/cancelled"]);
  });

  it("runs a parent's middleware for its mounted servers, and the child's own inside it", async () => {
    const events: string[] = [];
    const child = server("child");
    child.tool({ name: "get_forecast" }, () => "sunny");
    child.resource("weather://today", {}, () => "rain");
    child.use({
      async onCallTool(request, next) {
        events.push(`child call ${request.params.name}`);
        return next(request);
      },
      async onReadResource(request, next) {
        events.push(`child read ${request.params.uri}`);
        return next(request);
      },
    });
    const parent = server("parent");
    parent.use({
      async onCallTool(request, next) {
        events.push(`parent call ${request.params.name}`);
        return next(request);
      },
      async onReadResource(request, next) {
        events.push(`parent read ${request.params.uri}`);
        return next(request);
      },
    });
    parent.mount("weather", child);
    await using client = await Client.connect(parent);
    expect((await client.callTool("weather_get_forecast")).content).toEqual([
      { type: "text", text: "sunny" },
    ]);
    await client.readResource("weather://weather/today");
    expect(events).toEqual([
      "parent call weather_get_forecast",
      "child call get_forecast",
      "parent read weather://weather/today",
      "child read weather://today",
    ]);
  });

  it("runs inside error handling and the request log, and outside the rateLimit options", async () => {
    const lines: string[] = [];
    const mcp = new FastMCP({ name: "ordered", rateLimit: "1/hour", logSink: (line) => lines.push(line) });
    mcp.tool({ name: "work" }, () => "done");
    mcp.tool({ name: "broken" }, () => "never");
    mcp.use({
      async onCallTool(request, next) {
        if (request.params.name === "broken") throw new Error("middleware bug");
        if (request.params.arguments?.cached) return { content: [{ type: "text", text: "cached" }] };
        return next(request);
      },
    });
    await using client = await Client.connect(mcp);
    // Answered before the limit is reached: spends nothing from it.
    for (let index = 0; index < 3; index++) {
      expect((await client.callTool("work", { cached: true })).content).toEqual([
        { type: "text", text: "cached" },
      ]);
    }
    expect((await client.callTool("work")).isError).toBeUndefined();
    expect((await client.callTool("work")).isError).toBe(true);
    // The request log (inside error handling) sees the bug as thrown; error handling shows its message.
    expect(await client.callTool("broken")).toMatchObject({
      isError: true,
      content: [{ text: "Error calling tool broken: middleware bug" }],
    });
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const calls = entries.filter((entry) => entry.msg === "tools/call").map((entry) => entry.outcome);
    expect(calls).toEqual(["ok", "ok", "ok", "ok", "rate_limited", "error"]);
    expect(entries.at(-1)).toMatchObject({ level: "error", msg: "tool failed", error: "middleware bug" });
  });
});

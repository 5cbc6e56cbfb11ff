import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Client, FastMCP, ToolError } from "../src/index.js";
import { waitFor } from "./wait-for.js";

function createWeather() {
  const weather = new FastMCP({ name: "weather", logLevel: "silent" });
  weather.tool(
    {
      name: "get_forecast",
      description: "Forecast for a city.",
      input: { city: z.string(), days: z.number().int().default(1) },
    },
    async ({ city, days }, ctx) => {
      await ctx.info(`forecast for ${city}`);
      await ctx.reportProgress(1, 2, "halfway");
      return `${days} day(s) of sun in ${city}`;
    },
  );
  weather.tool({ name: "fail", input: {} }, () => {
    throw new ToolError("no such city");
  });
  weather.resource(
    "weather://{city}/forecast",
    { description: "Forecast", complete: { city: (v) => ["Oslo", "Rome"].filter((c) => c.startsWith(v)) } },
    ({ city }) => `sunny in ${city}`,
  );
  weather.resource("weather://cities", { mimeType: "application/json" }, async (_params, ctx) => {
    const oslo = await ctx.readResource("weather://Oslo/forecast");
    return { cities: ["Oslo"], oslo: oslo.contents[0] };
  });
  weather.prompt(
    {
      name: "plan_trip",
      description: "Plan a trip",
      args: { city: z.string().describe("Where"), style: z.enum(["slow", "fast"]).optional() },
    },
    ({ city, style }) => `Plan a ${style ?? "slow"} trip to ${city}`,
  );
  return weather;
}

describe("FastMCP.mount", () => {
  it("serves the child's tools and prompts as prefix_name and its resources under prefixed URIs", async () => {
    const parent = new FastMCP({ name: "all", logLevel: "silent" });
    parent.tool({ name: "own" }, () => "mine");
    parent.mount("wx", createWeather());
    await using client = await Client.connect(parent);

    expect((await client.listTools()).map((tool) => tool.name).sort()).toEqual([
      "own",
      "wx_fail",
      "wx_get_forecast",
    ]);
    const forecast = (await client.listTools()).find((tool) => tool.name === "wx_get_forecast");
    expect(forecast?.description).toBe("Forecast for a city.");
    expect(forecast?.inputSchema).toMatchObject({
      properties: { city: { type: "string" } },
      required: ["city"],
    });
    expect(await client.callTool("wx_get_forecast", { city: "Oslo", days: 2 })).toEqual({
      content: [{ type: "text", text: "2 day(s) of sun in Oslo" }],
    });
    expect(await client.callTool("wx_fail")).toEqual({
      content: [{ type: "text", text: "no such city" }],
      isError: true,
    });
    const invalid = await client.callTool("wx_get_forecast", { city: 3 });
    expect(invalid.isError).toBe(true);
    expect(invalid.content[0]).toMatchObject({ text: expect.stringContaining("city") });
    await expect(client.callTool("get_forecast", { city: "Oslo" })).rejects.toMatchObject({ code: -32602 });

    expect((await client.listResourceTemplates()).map((t) => t.uriTemplate)).toEqual([
      "weather://wx/{city}/forecast",
    ]);
    expect((await client.listResources()).map((r) => r.uri)).toEqual(["weather://wx/cities"]);
    expect((await client.readResource("weather://wx/Rome/forecast")).contents).toEqual([
      { uri: "weather://wx/Rome/forecast", mimeType: "text/plain", text: "sunny in Rome" },
    ]);
    // ctx.readResource inside a mounted handler reads the child's own (unprefixed) resources.
    const [cities] = (await client.readResource("weather://wx/cities")).contents;
    expect(JSON.parse(cities && "text" in cities ? cities.text : "").oslo.text).toBe("sunny in Oslo");
    await expect(client.readResource("weather://Rome/forecast")).rejects.toMatchObject({ code: -32002 });
    const completion = await client.complete(
      { type: "ref/resource", uri: "weather://wx/{city}/forecast" },
      { name: "city", value: "R" },
    );
    expect(completion.completion.values).toEqual(["Rome"]);

    const prompts = await client.listPrompts();
    expect(prompts).toEqual([
      {
        name: "wx_plan_trip",
        description: "Plan a trip",
        arguments: [
          { name: "city", description: "Where", required: true },
          { name: "style", required: false },
        ],
      },
    ]);
    const prompt = await client.getPrompt("wx_plan_trip", { city: "Oslo", style: "fast" });
    expect(prompt.messages[0]?.content).toEqual({ type: "text", text: "Plan a fast trip to Oslo" });
    await expect(client.getPrompt("wx_plan_trip", { city: "Oslo", style: "warp" })).rejects.toMatchObject({
      code: -32602,
    });
    const styles = await client.complete(
      { type: "ref/prompt", name: "wx_plan_trip" },
      { name: "style", value: "f" },
    );
    expect(styles.completion.values).toEqual(["fast"]);
  });

  it("stays live: tools added, disabled or removed on the child change the parent's lists and notify", async () => {
    const parent = new FastMCP({ name: "all", logLevel: "silent" });
    const child = createWeather();
    parent.mount("wx", child);
    await using client = await Client.connect(parent);
    const changes: string[] = [];
    client.on("notifications/tools/list_changed", () => changes.push("tools"));
    client.on("notifications/resources/list_changed", () => changes.push("resources"));
    client.on("notifications/prompts/list_changed", () => changes.push("prompts"));

    const late = child.tool({ name: "late" }, () => "added later");
    child.resource("weather://alerts", {}, () => "none");
    child.prompt({ name: "brief" }, () => "brief");
    await waitFor(() => changes.length >= 3);
    expect(changes.sort()).toEqual(["prompts", "resources", "tools"]);
    expect(await client.callTool("wx_late")).toEqual({ content: [{ type: "text", text: "added later" }] });
    expect((await client.readResource("weather://wx/alerts")).contents[0]).toMatchObject({ text: "none" });
    expect((await client.listPrompts()).map((p) => p.name)).toContain("wx_brief");

    late.disable();
    await waitFor(() => changes.length >= 4);
    expect((await client.listTools()).map((tool) => tool.name)).not.toContain("wx_late");
    await expect(client.callTool("wx_late")).rejects.toMatchObject({ code: -32602 });
    late.enable();
    await waitFor(() => changes.length >= 5);
    expect((await client.listTools()).map((tool) => tool.name)).toContain("wx_late");
    child.removeTool("get_forecast");
    await waitFor(() => changes.length >= 6);
    expect((await client.listTools()).map((tool) => tool.name).sort()).toEqual(["wx_fail", "wx_late"]);
  });

  it("gives the child's handlers a context on the parent's session: logs, progress, sampling, roots", async () => {
    const child = createWeather();
    child.tool({ name: "summarise", input: { text: z.string() } }, async ({ text }, ctx) => {
      const roots = await ctx.listRoots();
      const { text: summary } = await ctx.sample(`Summarise: ${text}`, { maxTokens: 50 });
      return `${summary} (roots: ${roots.map((root) => root.uri).join(",")})`;
    });
    const parent = new FastMCP({ name: "all", logLevel: "silent" });
    parent.mount("wx", child);
    const logs: unknown[] = [];
    const progress: unknown[] = [];
    await using client = await Client.connect(parent, {
      roots: [{ uri: "file:///tmp/project" }],
      onLog: (message) => logs.push(message),
      onSampling: (request) => ({
        role: "assistant",
        model: "test",
        content: {
          type: "text",
          text: `summary of ${JSON.stringify(request.messages[0]?.content)}`.slice(0, 40),
        },
      }),
    });
    await client.callTool("wx_get_forecast", { city: "Oslo" }, { onProgress: (p) => progress.push(p) });
    expect(logs).toEqual([{ level: "info", logger: "weather", data: "forecast for Oslo" }]);
    expect(progress).toMatchObject([{ progress: 1, total: 2, message: "halfway" }]);

    const result = await client.callTool("wx_summarise", { text: "long" });
    expect(result.content[0]).toMatchObject({
      text: expect.stringMatching(/^summary of .*\(roots: file:\/\/\/tmp\/project\)$/),
    });
  });

  it("passes on resource updates and broadcast logs, and nests mounts", async () => {
    const inner = createWeather();
    const middle = new FastMCP({ name: "middle", logLevel: "silent" });
    middle.mount("wx", inner);
    const parent = new FastMCP({ name: "all", logLevel: "silent" });
    parent.mount("eu", middle);
    const logs: unknown[] = [];
    await using client = await Client.connect(parent, { onLog: (message) => logs.push(message) });
    expect((await client.listTools()).map((tool) => tool.name)).toContain("eu_wx_get_forecast");
    expect((await client.readResource("weather://eu/wx/Oslo/forecast")).contents[0]).toMatchObject({
      uri: "weather://eu/wx/Oslo/forecast",
      text: "sunny in Oslo",
    });
    const updated: unknown[] = [];
    client.on("notifications/resources/updated", (params) => updated.push(params.uri));
    await client.subscribe("weather://eu/wx/cities");
    await inner.notifyResourceUpdated("weather://cities");
    await inner.broadcastLog("warning", "storm coming");
    await waitFor(() => updated.length > 0 && logs.length > 0);
    expect(updated).toEqual(["weather://eu/wx/cities"]);
    expect(logs).toEqual([{ level: "warning", logger: "all", data: "storm coming" }]);
  });

  it("rejects bad prefixes and name clashes", () => {
    const parent = new FastMCP({ name: "all", logLevel: "silent" });
    expect(() => parent.mount("bad prefix", createWeather())).toThrow(/Invalid mount prefix/);
    expect(() => parent.mount("", createWeather())).toThrow(/Invalid mount prefix/);
    expect(() => parent.mount("self", parent)).toThrow(/itself/);
    parent.tool({ name: "wx_fail" }, () => "taken");
    expect(() => parent.mount("wx", createWeather())).toThrow(/already registered/);
  });
});

import { describe, expect, it } from "vitest";
import { Client, FastMCP, ToolError, UriTemplate } from "../src/index.js";

function server() {
  return new FastMCP({ name: "test", logLevel: "silent" });
}

describe("resources", () => {
  it("lists static resources and templates separately, with their metadata", async () => {
    const mcp = server();
    mcp.resource(
      "config://app",
      { name: "app-config", description: "Settings", mimeType: "application/json" },
      () => ({
        debug: false,
      }),
    );
    mcp.resource(
      "weather://{city}/forecast",
      { description: "3-day forecast" },
      ({ city }) => `Sunny in ${city}`,
    );
    await using client = await Client.connect(mcp);
    expect(await client.listResources()).toEqual([
      { uri: "config://app", name: "app-config", description: "Settings", mimeType: "application/json" },
    ]);
    expect(await client.listResourceTemplates()).toEqual([
      {
        uriTemplate: "weather://{city}/forecast",
        name: "weather://{city}/forecast",
        description: "3-day forecast",
      },
    ]);
  });

  it("reads text, JSON, bytes as base64 blobs, and full contents", async () => {
    const mcp = server();
    mcp.resource("text://hello", {}, () => "hello");
    mcp.resource("json://data", {}, () => ({ n: 1 }));
    mcp.resource("bin://bytes", { mimeType: "image/png" }, () => new Uint8Array([1, 2, 3]));
    mcp.resource("multi://x", {}, () => ({
      contents: [
        { uri: "multi://x#a", text: "A" },
        { uri: "multi://x#b", blob: "AAE=", mimeType: "application/octet-stream" },
      ],
    }));
    await using client = await Client.connect(mcp);
    expect((await client.readResource("text://hello")).contents).toEqual([
      { uri: "text://hello", mimeType: "text/plain", text: "hello" },
    ]);
    expect((await client.readResource("json://data")).contents).toEqual([
      { uri: "json://data", mimeType: "application/json", text: '{\n  "n": 1\n}' },
    ]);
    expect((await client.readResource("bin://bytes")).contents).toEqual([
      { uri: "bin://bytes", mimeType: "image/png", blob: "AQID" },
    ]);
    expect((await client.readResource("multi://x")).contents).toHaveLength(2);
  });

  it("matches templates, decoding simple variables and keeping slashes in {+path}", async () => {
    const mcp = server();
    mcp.resource("weather://{city}/forecast", {}, ({ city }) => `forecast:${city}`);
    mcp.resource("file:///{+path}", {}, ({ path }) => `file:${path}`);
    mcp.resource("search://items{?q,limit}", {}, (params) => JSON.stringify(params));
    await using client = await Client.connect(mcp);
    const text = async (uri: string) =>
      ((await client.readResource(uri)).contents[0] as { text: string }).text;
    expect(await text("weather://S%C3%A3o%20Paulo/forecast")).toBe("forecast:São Paulo");
    expect(await text("file:///etc/app/config.yaml")).toBe("file:etc/app/config.yaml");
    expect(JSON.parse(await text("search://items?q=red%20shoes&limit=5"))).toEqual({
      q: "red shoes",
      limit: "5",
    });
    await expect(client.readResource("weather://a/b/forecast")).rejects.toMatchObject({ code: -32002 });
  });

  it("prefers an exact static resource over a template that also matches", async () => {
    const mcp = server();
    mcp.resource("users://{id}", {}, ({ id }) => `user ${id}`);
    mcp.resource("users://me", {}, () => "the current user");
    await using client = await Client.connect(mcp);
    expect((await client.readResource("users://me")).contents[0]).toMatchObject({ text: "the current user" });
    expect((await client.readResource("users://42")).contents[0]).toMatchObject({ text: "user 42" });
  });

  it("answers an unknown resource with -32002 and a handler's ToolError with -32602", async () => {
    const mcp = server();
    mcp.resource("weather://{city}/current", {}, ({ city }) => {
      throw new ToolError(`No place called ${city}`);
    });
    mcp.resource("broken://x", {}, () => {
      throw new Error("disk on fire");
    });
    await using client = await Client.connect(mcp);
    await expect(client.readResource("nothing://here")).rejects.toMatchObject({
      code: -32002,
      message: "Resource not found: nothing://here",
    });
    await expect(client.readResource("weather://Atlantis/current")).rejects.toMatchObject({
      code: -32602,
      message: "No place called Atlantis",
    });
    await expect(client.readResource("broken://x")).rejects.toMatchObject({ code: -32603 });
    await expect(client.request("resources/read", {})).rejects.toMatchObject({ code: -32602 });
  });

  it("adds the concrete resources a template lists to resources/list", async () => {
    const mcp = server();
    mcp.resource(
      "schema://tables/{table}",
      { list: () => [{ uri: "schema://tables/orders", name: "orders" }] },
      ({ table }) => table,
    );
    await using client = await Client.connect(mcp);
    expect(await client.listResources()).toEqual([{ uri: "schema://tables/orders", name: "orders" }]);
  });

  it("notifies subscribed clients of updates, and only them", async () => {
    const mcp = server();
    mcp.resource("counter://value", {}, () => "1");
    await using subscribed = await Client.connect(mcp);
    await using other = await Client.connect(mcp);
    const seen: string[] = [];
    const unseen: string[] = [];
    subscribed.on("notifications/resources/updated", (params) => seen.push(String(params.uri)));
    other.on("notifications/resources/updated", (params) => unseen.push(String(params.uri)));
    await subscribed.subscribe("counter://value");
    await mcp.notifyResourceUpdated("counter://value");
    await subscribed.ping();
    expect(seen).toEqual(["counter://value"]);
    await subscribed.unsubscribe("counter://value");
    await mcp.notifyResourceUpdated("counter://value");
    await subscribed.ping();
    await other.ping();
    expect(seen).toHaveLength(1);
    expect(unseen).toEqual([]);
  });

  it("completes template variables, at most 100 values with the total", async () => {
    const mcp = server();
    const cities = Array.from({ length: 150 }, (_, i) => `City${i}`);
    mcp.resource(
      "weather://{city}/forecast",
      { complete: { city: (value) => cities.filter((city) => city.startsWith(value)) } },
      ({ city }) => city,
    );
    await using client = await Client.connect(mcp);
    const ref = { type: "ref/resource" as const, uri: "weather://{city}/forecast" };
    const all = await client.complete(ref, { name: "city", value: "City" });
    expect(all.completion).toMatchObject({ total: 150, hasMore: true });
    expect(all.completion.values).toHaveLength(100);
    expect((await client.complete(ref, { name: "city", value: "City14" })).completion.values).toHaveLength(
      11,
    );
    expect((await client.complete(ref, { name: "nope", value: "" })).completion.values).toEqual([]);
    await expect(
      client.complete({ type: "ref/resource", uri: "x://{y}" }, { name: "y", value: "" }),
    ).rejects.toMatchObject({
      code: -32602,
    });
  });

  it("notifies resources/list_changed when resources are added or removed at run time", async () => {
    const mcp = server();
    await using client = await Client.connect(mcp);
    let changes = 0;
    client.on("notifications/resources/list_changed", () => changes++);
    const added = mcp.resource("late://one", {}, () => "1");
    await client.ping();
    added.remove();
    expect(await client.listResources()).toEqual([]);
    expect(changes).toBe(2);
  });
});

describe("UriTemplate", () => {
  it("expands and matches the operators resource URIs use", () => {
    const template = new UriTemplate("file:///{+path}{?rev}");
    expect(template.variables).toEqual(["path", "rev"]);
    expect(template.expand({ path: "a b/c.txt", rev: "2" })).toBe("file:///a%20b/c.txt?rev=2");
    expect(template.match("file:///a%20b/c.txt?rev=2")).toEqual({ path: "a b/c.txt", rev: "2" });
    expect(new UriTemplate("x://{id}").match("x://%E0%A4%A")).toBeUndefined();
  });
});

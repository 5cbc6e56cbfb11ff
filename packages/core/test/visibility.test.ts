import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  Client,
  createProxy,
  ErrorCode,
  FastMCP,
  type FastMCPOptions,
  McpError,
  TAGS_META,
} from "../src/index.js";
import { deferred } from "./wait-for.js";

/** A server with a public and an admin tool, resource, template and prompt. */
function server(options: Partial<FastMCPOptions> = {}): FastMCP {
  const mcp = new FastMCP({ name: "tagged", logLevel: "silent", ...options });
  mcp.tool({ name: "get_time", tags: ["public"] }, () => "noon");
  mcp.tool({ name: "drop_table", tags: ["admin", "danger"] }, () => "dropped");
  mcp.tool({ name: "untagged" }, () => "plain");
  mcp.resource("notes://readme", { tags: ["public"] }, () => "read me");
  mcp.resource("notes://audit", { tags: ["admin"] }, () => "audit log");
  mcp.resource("users://{id}", { tags: ["admin"] }, ({ id }) => `user ${id}`);
  mcp.prompt({ name: "greet", tags: ["public"] }, () => "hello");
  mcp.prompt({ name: "grant", tags: ["admin"], args: { role: z.enum(["ops", "dev"]) } }, () => "granted");
  return mcp;
}

async function names(client: Client) {
  return {
    tools: (await client.listTools()).map((tool) => tool.name),
    resources: (await client.listResources()).map((resource) => resource.uri),
    templates: (await client.listResourceTemplates()).map((template) => template.uriTemplate),
    prompts: (await client.listPrompts()).map((prompt) => prompt.name),
  };
}

async function refusal(promise: Promise<unknown>): Promise<McpError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(McpError);
  return error as McpError;
}

/** Every way a client can reach an admin component is refused as for an unknown one. */
async function expectAdminRefused(client: Client) {
  expect((await refusal(client.callTool("drop_table"))).message).toBe("Unknown tool: drop_table");
  expect((await refusal(client.readResource("notes://audit"))).code).toBe(ErrorCode.ResourceNotFound);
  expect((await refusal(client.readResource("users://7"))).code).toBe(ErrorCode.ResourceNotFound);
  expect((await refusal(client.getPrompt("grant", { role: "ops" }))).message).toBe("Unknown prompt: grant");
  const completion = client.complete({ type: "ref/prompt", name: "grant" }, { name: "role", value: "" });
  expect((await refusal(completion)).message).toBe("Unknown prompt: grant");
}

describe("tags", () => {
  it("are listed in _meta of every kind of component, beside the component's own _meta", async () => {
    const mcp = new FastMCP({ name: "meta", logLevel: "silent" });
    mcp.tool({ name: "t", tags: ["a", "b", "a"], _meta: { "example.com/x": 1 } }, () => "");
    mcp.resource("r://x", { tags: ["a"] }, () => "");
    mcp.resource("r://{id}", { tags: ["b"] }, () => "");
    mcp.prompt({ name: "p", tags: ["c"] }, () => "");
    mcp.tool({ name: "none" }, () => "");
    await using client = await Client.connect(mcp);
    const [tool, none] = await client.listTools();
    expect(tool?._meta).toEqual({ "example.com/x": 1, [TAGS_META]: ["a", "b"] });
    expect(none?._meta).toBeUndefined();
    expect((await client.listResources())[0]?._meta).toEqual({ [TAGS_META]: ["a"] });
    expect((await client.listResourceTemplates())[0]?._meta).toEqual({ [TAGS_META]: ["b"] });
    expect((await client.listPrompts())[0]?._meta).toEqual({ [TAGS_META]: ["c"] });
  });

  it("refuses an empty tag when the tool is registered", () => {
    const mcp = new FastMCP({ name: "bad", logLevel: "silent" });
    expect(() => mcp.tool({ name: "t", tags: [""] }, () => "")).toThrow(/empty or non-string tag/);
  });
});

describe("server-wide tag filter", () => {
  it("excludeTags hides tagged components from lists and refuses them", async () => {
    await using client = await Client.connect(server({ excludeTags: ["admin"] }));
    expect(await names(client)).toEqual({
      tools: ["get_time", "untagged"],
      resources: ["notes://readme"],
      templates: [],
      prompts: ["greet"],
    });
    await expectAdminRefused(client);
    expect((await client.callTool("get_time")).content).toEqual([{ type: "text", text: "noon" }]);
  });

  it("includeTags serves only what carries one of them; exclude wins over include", async () => {
    await using client = await Client.connect(
      server({ includeTags: ["public", "admin"], excludeTags: ["danger"] }),
    );
    expect(await names(client)).toEqual({
      tools: ["get_time"],
      resources: ["notes://readme", "notes://audit"],
      templates: ["users://{id}"],
      prompts: ["greet", "grant"],
    });
  });
});

describe("enable and disable at run time", () => {
  it("hides by tag for every client, sends list_changed, and brings it back", async () => {
    const mcp = server();
    await using client = await Client.connect(mcp);
    const changed = deferred<string[]>();
    const seen: string[] = [];
    for (const list of ["tools", "resources", "prompts"]) {
      client.on(`notifications/${list}/list_changed`, () => {
        seen.push(list);
        if (seen.length === 3) changed.resolve(seen);
      });
    }
    mcp.disable({ tags: ["admin"] });
    expect((await changed.promise).sort()).toEqual(["prompts", "resources", "tools"]);
    expect((await names(client)).tools).toEqual(["get_time", "untagged"]);
    await expectAdminRefused(client);

    mcp.enable({ names: ["drop_table"] });
    expect((await names(client)).tools).toEqual(["get_time", "drop_table", "untagged"]);
    expect((await client.callTool("drop_table")).content).toEqual([{ type: "text", text: "dropped" }]);
  });

  it("disable({}) then enable by tag leaves only that tag, and kinds limit a rule", async () => {
    const mcp = server();
    mcp.disable({});
    mcp.enable({ tags: ["public"], kinds: ["tool", "prompt"] });
    await using client = await Client.connect(mcp);
    expect(await names(client)).toEqual({
      tools: ["get_time"],
      resources: [],
      templates: [],
      prompts: ["greet"],
    });
  });

  it("a mounted server's disabled components are not mirrored, and its tags reach the parent's rules", async () => {
    const child = server();
    const parent = new FastMCP({ name: "parent", logLevel: "silent" }).mount("child", child);
    child.disable({ names: ["get_time"] });
    parent.disable({ tags: ["admin"] });
    await using client = await Client.connect(parent);
    expect((await names(client)).tools).toEqual(["child_untagged"]);
    expect((await refusal(client.callTool("child_drop_table"))).message).toBe(
      "Unknown tool: child_drop_table",
    );
  });
});

describe("tags through a proxy", () => {
  it("a proxy takes the proxied server's tags from _meta, so its own filter applies to them", async () => {
    const proxy = await createProxy(server(), { logLevel: "silent", excludeTags: ["admin"] });
    await using client = await Client.connect(proxy);
    expect(await names(client)).toEqual({
      tools: ["get_time", "untagged"],
      resources: ["notes://readme"],
      templates: [],
      prompts: ["greet"],
    });
    expect((await client.listTools())[0]?._meta).toEqual({ [TAGS_META]: ["public"] });
    await proxy.close();
  });
});

describe("a session's own view", () => {
  function gated(): FastMCP {
    const mcp = server();
    mcp.disable({ tags: ["admin"] });
    mcp.tool({ name: "log_in", input: { key: z.string() } }, async ({ key }, ctx) => {
      if (key !== "secret") return "wrong key";
      await ctx.show({ tags: ["admin"] });
      return "welcome";
    });
    mcp.tool({ name: "focus" }, async (_args, ctx) => {
      await ctx.hide({});
      await ctx.show({ names: ["focus", "get_time"] });
      return "focused";
    });
    return mcp;
  }

  it("ctx.show reveals components to that session only, with list_changed before the answer", async () => {
    const mcp = gated();
    await using admin = await Client.connect(mcp);
    await using other = await Client.connect(mcp);
    const adminChanges: string[] = [];
    const otherChanges: string[] = [];
    admin.on("notifications/tools/list_changed", () => adminChanges.push("tools"));
    other.on("notifications/tools/list_changed", () => otherChanges.push("tools"));

    expect((await admin.callTool("log_in", { key: "secret" })).content).toEqual([
      { type: "text", text: "welcome" },
    ]);
    expect(adminChanges).toEqual(["tools"]);
    expect((await names(admin)).tools).toContain("drop_table");
    expect((await admin.callTool("drop_table")).content).toEqual([{ type: "text", text: "dropped" }]);
    expect((await admin.readResource("users://7")).contents[0]).toMatchObject({ text: "user 7" });

    expect((await names(other)).tools).not.toContain("drop_table");
    await expectAdminRefused(other);
    expect(otherChanges).toEqual([]);
  });

  it("ctx.hide({}) then ctx.show by name narrows one session to those names", async () => {
    const mcp = gated();
    await using client = await Client.connect(mcp);
    await client.callTool("focus");
    expect(await names(client)).toEqual({
      tools: ["get_time", "focus"],
      resources: [],
      templates: [],
      prompts: [],
    });
    expect((await refusal(client.callTool("untagged"))).message).toBe("Unknown tool: untagged");
  });
});

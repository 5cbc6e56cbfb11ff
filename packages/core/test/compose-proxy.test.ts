import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Client, createProxy, FastMCP, proxyClient, ToolError } from "../src/index.js";
import { waitFor } from "./wait-for.js";

function createBackend() {
  const backend = new FastMCP({
    name: "backend",
    version: "2.0.0",
    instructions: "Use me.",
    logLevel: "silent",
  });
  backend.tool(
    {
      name: "echo",
      description: "Echo text.",
      input: { text: z.string() },
      output: z.object({ echoed: z.string() }),
    },
    async ({ text }, ctx) => {
      await ctx.info(`echoing ${text}`);
      await ctx.reportProgress(1, 1);
      return { echoed: text };
    },
  );
  backend.tool({ name: "fail" }, () => {
    throw new ToolError("backend says no");
  });
  backend.tool({ name: "ask", input: { question: z.string() } }, async ({ question }, ctx) => {
    const { text } = await ctx.sample(question);
    const answer = await ctx.elicit("Confirm?", z.object({ ok: z.boolean() }));
    const roots = await ctx.listRoots();
    return `${text}|${answer.action}:${JSON.stringify(answer.content)}|${roots.map((root) => root.uri).join(",")}`;
  });
  backend.resource("docs://readme", { mimeType: "text/markdown" }, () => "# Hello");
  backend.resource(
    "docs://pages/{page}",
    { complete: { page: () => ["intro", "setup"] } },
    ({ page }) => `page ${page}`,
  );
  backend.prompt(
    { name: "greet", args: { name: z.string().describe("Who") } },
    ({ name }) => `Hello ${name}`,
  );
  return backend;
}

describe("createProxy / FastMCP.fromClient", () => {
  it("exposes the proxied server's tools, resources and prompts with their errors", async () => {
    const proxy = await createProxy(createBackend(), { logLevel: "silent" });
    await using client = await Client.connect(proxy);
    expect(client.serverInfo).toMatchObject({ name: "backend", version: "2.0.0" });
    expect(client.instructions).toBe("Use me.");
    const tools = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(["echo", "fail", "ask"]);
    expect(tools[0]).toMatchObject({ description: "Echo text.", outputSchema: { type: "object" } });
    expect(await client.callTool("echo", { text: "hi" })).toEqual({
      content: [{ type: "text", text: '{"echoed":"hi"}' }],
      structuredContent: { echoed: "hi" },
    });
    expect(await client.callTool("fail")).toEqual({
      content: [{ type: "text", text: "backend says no" }],
      isError: true,
    });
    const missing = await client.callTool("echo", {});
    expect(missing).toMatchObject({ isError: true, content: [{ text: expect.stringContaining("text") }] });
    await expect(client.callTool("nope")).rejects.toMatchObject({ code: -32602 });

    expect((await client.readResource("docs://readme")).contents).toEqual([
      { uri: "docs://readme", mimeType: "text/markdown", text: "# Hello" },
    ]);
    expect((await client.readResource("docs://pages/setup")).contents[0]).toMatchObject({
      text: "page setup",
    });
    await expect(client.readResource("docs://missing")).rejects.toMatchObject({ code: -32002 });
    const pages = await client.complete(
      { type: "ref/resource", uri: "docs://pages/{page}" },
      { name: "page", value: "" },
    );
    expect(pages.completion.values).toEqual(["intro", "setup"]);
    expect(await client.listPrompts()).toEqual([
      { name: "greet", arguments: [{ name: "name", description: "Who", required: true }] },
    ]);
    expect((await client.getPrompt("greet", { name: "Ada" })).messages[0]?.content).toEqual({
      type: "text",
      text: "Hello Ada",
    });
    await proxy.close();
  });

  it("forwards logs, progress, sampling, elicitation and roots across the proxy", async () => {
    const proxy = await createProxy(createBackend(), { logLevel: "silent" });
    const logs: unknown[] = [];
    const progress: unknown[] = [];
    const asked: string[] = [];
    await using client = await Client.connect(proxy, {
      roots: [{ uri: "file:///work" }],
      onLog: (message) => logs.push(message),
      onSampling: (request) => {
        asked.push(JSON.stringify(request.messages[0]?.content));
        return { role: "assistant", model: "m", content: { type: "text", text: "forty-two" } };
      },
      onElicitation: (request) => {
        asked.push(request.message);
        return { action: "accept", content: { ok: true } };
      },
    });
    await client.callTool("echo", { text: "x" }, { onProgress: (p) => progress.push(p) });
    expect(logs).toEqual([{ level: "info", logger: "backend", data: "echoing x" }]);
    expect(progress).toMatchObject([{ progress: 1, total: 1 }]);

    const answer = await client.callTool("ask", { question: "meaning?" });
    expect(answer.content).toEqual([{ type: "text", text: 'forty-two|accept:{"ok":true}|file:///work' }]);
    expect(asked).toEqual(['{"type":"text","text":"meaning?"}', "Confirm?"]);

    // The proxied server caches roots; a change on the client side reaches it through the proxy.
    await client.setRoots([{ uri: "file:///elsewhere" }]);
    const again = await client.callTool("ask", { question: "again?" });
    expect(again.content).toEqual([{ type: "text", text: 'forty-two|accept:{"ok":true}|file:///elsewhere' }]);
    await proxy.close();
  });

  it("reports the missing capability when the proxy's own client cannot sample", async () => {
    const proxy = await createProxy(createBackend(), { logLevel: "silent" });
    await using client = await Client.connect(proxy);
    const result = await client.callTool("ask", { question: "?" });
    expect(result).toMatchObject({
      isError: true,
      content: [{ text: expect.stringContaining("sampling/createMessage") }],
    });
    await proxy.close();
  });

  it("subscribes the proxied server for its clients, directly and through a mount", async () => {
    const backend = createBackend();
    const proxy = await createProxy(backend, { logLevel: "silent" });
    const parent = new FastMCP({ name: "gateway", logLevel: "silent" });
    parent.mount("remote", proxy);
    await using direct = await Client.connect(proxy);
    await using mounted = await Client.connect(parent);
    const updates: string[] = [];
    direct.on("notifications/resources/updated", (params) => updates.push(`direct ${params.uri}`));
    mounted.on("notifications/resources/updated", (params) => updates.push(`mounted ${params.uri}`));

    await backend.notifyResourceUpdated("docs://readme");
    await direct.subscribe("docs://readme");
    await mounted.subscribe("docs://remote/readme");
    await mounted.subscribe("docs://remote/pages/intro");
    await backend.notifyResourceUpdated("docs://readme");
    await backend.notifyResourceUpdated("docs://pages/intro");
    await waitFor(() => updates.length >= 3);
    expect(updates.sort()).toEqual([
      "direct docs://readme",
      "mounted docs://remote/pages/intro",
      "mounted docs://remote/readme",
    ]);

    await direct.unsubscribe("docs://readme");
    await mounted.unsubscribe("docs://remote/readme");
    // A marker for the direct client: its update comes after any stray one for docs://readme.
    await direct.subscribe("docs://pages/setup");
    updates.length = 0;
    await backend.notifyResourceUpdated("docs://readme");
    await backend.notifyResourceUpdated("docs://pages/intro");
    await backend.notifyResourceUpdated("docs://pages/setup");
    await waitFor(() => updates.length >= 2, "the updates after unsubscribing");
    expect(updates.sort()).toEqual(["direct docs://pages/setup", "mounted docs://remote/pages/intro"]);
    await proxy.close();
  });

  it("follows the proxied server's list changes", async () => {
    const backend = createBackend();
    await using upstream = await Client.connect(backend);
    const proxy = await proxyClient(upstream, { logLevel: "silent" });
    await using client = await Client.connect(proxy);
    let changed = 0;
    client.on("notifications/tools/list_changed", () => changed++);
    backend.tool({ name: "late", description: "v1" }, () => "late one");
    await waitFor(() => changed > 0);
    expect(await client.callTool("late")).toEqual({ content: [{ type: "text", text: "late one" }] });
    backend.removeTool("fail");
    await waitFor(() => changed > 1);
    expect((await client.listTools()).map((tool) => tool.name)).toEqual(["echo", "ask", "late"]);
    backend.prompt({ name: "bye" }, () => "Bye");
    await waitFor(async () => (await client.listPrompts()).length === 2);
  });

  it("proxies a server by URL, and serves through a mount with sampling crossing both boundaries", async () => {
    const backend = createBackend();
    const running = await backend.run({ transport: "http", host: "127.0.0.1", port: 0 });
    try {
      const proxy = await createProxy(running.url!, { logLevel: "silent" });
      const parent = new FastMCP({ name: "gateway", logLevel: "silent" });
      parent.mount("remote", proxy);
      const logs: unknown[] = [];
      await using client = await Client.connect(parent, {
        roots: [{ uri: "file:///srv" }],
        onLog: (message) => logs.push(message.data),
        onSampling: () => ({
          role: "assistant",
          model: "m",
          content: { type: "text", text: "via two hops" },
        }),
        onElicitation: () => ({ action: "decline" }),
      });
      expect((await client.listTools()).map((tool) => tool.name)).toEqual([
        "remote_echo",
        "remote_fail",
        "remote_ask",
      ]);
      expect((await client.callTool("remote_echo", { text: "hi" })).structuredContent).toEqual({
        echoed: "hi",
      });
      expect(logs).toEqual(["echoing hi"]);
      const answer = await client.callTool("remote_ask", { question: "?" });
      expect(answer.content).toEqual([{ type: "text", text: "via two hops|decline:undefined|file:///srv" }]);
      await client.setRoots([{ uri: "file:///srv2" }]);
      const again = await client.callTool("remote_ask", { question: "?" });
      expect(again.content).toEqual([{ type: "text", text: "via two hops|decline:undefined|file:///srv2" }]);
      expect((await client.readResource("docs://remote/pages/intro")).contents[0]).toMatchObject({
        uri: "docs://remote/pages/intro",
        text: "page intro",
      });
      await proxy.close();
    } finally {
      await running.close();
    }
  });

  it("proxies a spawned stdio server, with its stderr in the error when it fails to start", async () => {
    const source = fileURLToPath(new URL("../src/index.ts", import.meta.url));
    const script = [
      `import { FastMCP } from ${JSON.stringify(source)};`,
      `const mcp = new FastMCP({ name: "spawned", logLevel: "silent" });`,
      `mcp.tool({ name: "pid" }, () => String(process.pid));`,
      "await mcp.run();",
    ].join("\n");
    const proxy = await createProxy({
      command: process.execPath,
      args: ["--import", "tsx", "--input-type=module", "-e", script],
      stderr: "pipe",
    });
    await using client = await Client.connect(proxy);
    const result = await client.callTool("pid");
    expect(Number((result.content[0] as { text: string }).text)).toBeGreaterThan(0);
    await proxy.close();

    await expect(
      createProxy({
        command: process.execPath,
        args: ["-e", "console.error('boom: no config'); process.exit(3)"],
        stderr: "pipe",
      }),
    ).rejects.toThrow(/boom: no config/);
  });
});

import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { Client, configPrefix, FastMCP, type McpServersConfig } from "../src/index.js";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const core = JSON.stringify(new URL("../src/index.ts", import.meta.url).href);

/** A real stdio server, spawned as a config's `command` would be; `tool` reads its env. */
function stdioServer(name: string, tool: string): McpServersConfig["mcpServers"][string] {
  const source = `
import { z } from "zod";
import { FastMCP } from ${core};
const mcp = new FastMCP({ name: ${JSON.stringify(name)}, version: "1.0.0", logLevel: "silent" });
mcp.tool({ name: ${JSON.stringify(tool)}, input: { text: z.string() } }, ({ text }) => \`\${process.env.GREETING ?? "?"} \${text} from ${name}\`);
mcp.resource("notes://today", {}, () => "today's notes from ${name}");
await mcp.run();
`;
  return {
    command: process.execPath,
    args: ["--conditions=@mcpkit/source", "--import", "tsx", "--input-type=module", "--eval", source],
    cwd: packageDir,
  };
}

const text = (result: { content: unknown }) => (result.content as Array<{ text: string }>)[0]?.text;

describe("FastMCP.fromConfig", () => {
  it("serves every server of an mcpServers config under its name", { timeout: 120_000 }, async () => {
    const remote = new FastMCP({ name: "remote", logLevel: "silent" });
    remote.tool({ name: "whoami" }, (_args, ctx) => ctx.traceparent ?? "no trace header");
    const running = await remote.run({ transport: "http", host: "127.0.0.1", port: 0, handleSignals: false });
    const config = {
      mcpServers: {
        math: { ...stdioServer("math", "shout"), env: { GREETING: "hey" } },
        "hello world": {
          ...stdioServer("hello", "wave"),
          tools: { wave: { name: "hello", description: "Says hello." } },
        },
        remote: {
          url: running.url ?? "",
          headers: { traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" },
        },
        off: { command: "/no/such/binary", disabled: true },
        // Keys other clients put in their configs are ignored.
      },
    } as McpServersConfig;
    (config.mcpServers.math as Record<string, unknown>).autoApprove = [];
    const mcp = await FastMCP.fromConfig(config, { name: "all", logLevel: "silent" });
    try {
      await using client = await Client.connect(mcp);
      expect(client.serverInfo.name).toBe("all");
      const tools = await client.listTools();
      expect(tools.map((tool) => tool.name).sort()).toEqual([
        "hello_world_hello",
        "math_shout",
        "remote_whoami",
      ]);
      expect(tools.find((tool) => tool.name === "hello_world_hello")?.description).toBe("Says hello.");
      expect(text(await client.callTool("math_shout", { text: "Ada" }))).toBe("hey Ada from math");
      expect(text(await client.callTool("hello_world_hello", { text: "Bo" }))).toBe("? Bo from hello");
      expect(text(await client.callTool("remote_whoami"))).toBe(
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      );
      const uris = (await client.listResources()).map((resource) => resource.uri).sort();
      expect(uris).toEqual(["notes://hello_world/today", "notes://math/today"]);
      const read = await client.readResource("notes://math/today");
      expect(read.contents[0]).toMatchObject({ text: "today's notes from math" });
    } finally {
      await mcp.close();
      await running.close();
    }
  });

  it("names the entry that is wrong, and starts nothing", async () => {
    await expect(FastMCP.fromConfig({ mcpServers: { bad: { args: ["x"] } } } as never)).rejects.toThrow(
      /mcpServers\.bad.*"command" or a "url"/,
    );
    await expect(
      FastMCP.fromConfig(
        { mcpServers: { missing: { command: "/no/such/binary", args: [] } } },
        { logLevel: "silent" },
      ),
    ).rejects.toThrow(/^mcpServers\.missing: /);
    await expect(
      FastMCP.fromConfig({ mcpServers: { "a b": { command: "x" }, a_b: { command: "y" } } }),
    ).rejects.toThrow('Servers "a b" and "a_b" would share the prefix "a_b"');
  });

  it("prefixes are valid tool-name prefixes", () => {
    expect(configPrefix("my server")).toBe("my_server");
    expect(configPrefix("@scope/pkg")).toBe("scope_pkg");
    expect(configPrefix("weather")).toBe("weather");
  });
});

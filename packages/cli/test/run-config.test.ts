import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Client } from "@mcpkit/core";
import { describe, expect, it } from "vitest";
import { fixture, mcpkit, mcpkitCommand, serveFileArgs, temporaryDirectory } from "./run-mcpkit.js";

const text = (result: { content: unknown }) => (result.content as Array<{ text: string }>)[0]?.text;

describe("mcpkit run servers.json", () => {
  it("serves every server of an mcpServers config under its name", { timeout: 120_000 }, async () => {
    using directory = temporaryDirectory();
    const config = join(directory.path, "servers.json");
    writeFileSync(
      config,
      JSON.stringify({
        mcpServers: {
          demo: { command: process.execPath, args: [...serveFileArgs, fixture("demo-server.ts")] },
          weather: {
            command: mcpkitCommand.command,
            args: [...mcpkitCommand.args, "run", "weather", "--", "--offline"],
          },
        },
      }),
    );
    await using client = await Client.connect({
      ...mcpkitCommand,
      args: [...mcpkitCommand.args, "run", config],
      stderr: "pipe",
    });
    expect(client.serverInfo.name).toBe("servers");
    const names = (await client.listTools()).map((tool) => tool.name);
    expect(names).toContain("demo_add");
    expect(names).toContain("weather_get_weather");
    expect(text(await client.callTool("demo_add", { a: 2, b: 3 }))).toBe("5");
    const weather = await client.callTool("weather_get_weather", { city: "Tokyo" });
    expect(JSON.stringify(weather.content)).toContain("Current weather in Tokyo");
  });

  it("names what is wrong in a config file", async () => {
    using directory = temporaryDirectory();
    const config = join(directory.path, "bad.json");
    writeFileSync(config, JSON.stringify({ mcpServers: { broken: { args: [] } } }));
    const outcome = await mcpkit(["run", config]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain("mcpServers.broken");
    expect(outcome.stderr).toContain('"command" or a "url"');
  });
});

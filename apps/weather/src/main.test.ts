import { fileURLToPath } from "node:url";
import { Client } from "@mcpkit/core";
import { describe, expect, it } from "vitest";
import { textOf } from "./test-support.js";

const appDir = fileURLToPath(new URL("..", import.meta.url));

function spawnTarget(flags: string[]) {
  return {
    command: process.execPath,
    args: ["--conditions=@mcpkit/source", "--import", "tsx", "src/main.ts", ...flags],
    cwd: appDir,
    env: { ...process.env, WEATHER_LOG_LEVEL: "silent" },
    stderr: "pipe" as const,
  };
}

describe("main (spawned over stdio)", () => {
  it("serves weather offline from the recorded upstream", async () => {
    await using client = await Client.connect(spawnTarget(["--offline"]));
    const tools = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain("get_forecast");
    const weather = await client.callTool("get_weather", { city: "Springfield", units: "imperial" });
    expect(weather.isError).toBeFalsy();
    expect(textOf(weather)).toMatch(/picked the most populous: Springfield, Missouri, United States/);
    expect(textOf(weather)).toMatch(/Moderate snowfall, 34\.5 °F/);
    const alerts = await client.callTool("get_alerts", { city: "Springfield, MO" });
    expect(textOf(alerts)).toMatch(/Winter Weather Advisory/);
    const resource = await client.readResource("weather://Sydney/forecast");
    expect((resource.contents[0] as { text: string }).text).toContain(
      '"label": "Sydney, New South Wales, Australia"',
    );
  });

  it.each(["http", "sse"])("serves over HTTP with --transport %s and says where", async (transport) => {
    const { spawn } = await import("node:child_process");
    const target = spawnTarget(["--offline", "--transport", transport, "--port", "0"]);
    const child = spawn(target.command, target.args, {
      cwd: appDir,
      env: target.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let stderr = "";
        child.stderr.on("data", (chunk: Buffer) => {
          stderr += chunk.toString();
          const found = /serving MCP over HTTP at (\S+)/.exec(stderr);
          if (found?.[1]) resolve(found[1]);
        });
        child.once("exit", (code) => reject(new Error(`exited with ${code}: ${stderr}`)));
      });
      await using client = await Client.connect(new URL(url));
      const result = await client.callTool("get_forecast", { city: "Tokyo", days: 2 });
      expect(textOf(result)).toMatch(/^2-day forecast for Tokyo, Japan/);
    } finally {
      child.kill();
    }
  });

  it("exits with a usage error on a bad flag", async () => {
    const { spawnSync } = await import("node:child_process");
    const target = spawnTarget(["--retries", "many"]);
    const run = spawnSync(target.command, target.args, { cwd: appDir, encoding: "utf8", timeout: 15_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("weather: --retries must be a number");
    expect(run.stdout).toBe("");
  });
});

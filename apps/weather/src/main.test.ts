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

  it("exits with a usage error on a bad flag", async () => {
    const { spawnSync } = await import("node:child_process");
    const target = spawnTarget(["--retries", "many"]);
    const run = spawnSync(target.command, target.args, { cwd: appDir, encoding: "utf8", timeout: 15_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("weather: --retries must be a number");
    expect(run.stdout).toBe("");
  });
});

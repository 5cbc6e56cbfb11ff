import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client, StdioClientTransport } from "@mcpkit/core";
import { afterEach, beforeEach, expect, it } from "vitest";
import { type DemoUpstream, startDemoUpstream } from "../scripts/demo-upstream.js";
import { demoEntry, SECRET } from "./test-support.js";

const appDir = fileURLToPath(new URL("..", import.meta.url));
const MAIN = ["--conditions=@mcpkit/source", "--import", "tsx", "src/main.ts"];

let upstream: DemoUpstream;
let dir: string;

beforeEach(async () => {
  upstream = await startDemoUpstream();
  dir = await mkdtemp(join(tmpdir(), "gateway-stdio-"));
});

afterEach(async () => {
  await upstream.close();
  await rm(dir, { recursive: true, force: true });
});

it("serves over stdio as a spawned process, with secrets kept out of its stderr log", async () => {
  const configPath = join(dir, "gateway.yaml");
  const entry = demoEntry(upstream, { openapi: join(appDir, "examples/petstore.openapi.yaml") });
  await writeFile(configPath, JSON.stringify({ upstreams: [entry] }).replace(/^/, "# JSON is YAML too\n"));
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [...MAIN, "--config", configPath, "--log-level", "debug"],
    cwd: appDir,
    env: { DEMO_TOKEN: SECRET },
    stderr: "pipe",
  });
  {
    await using client = await Client.connect(transport);
    expect(client.serverInfo.name).toBe("api-gateway");
    const result = await client.callTool("fetch_data", { upstream: "demo", endpoint: "/echo" });
    expect(result.isError).toBeFalsy();
    expect((result.structuredContent as { headers: Record<string, string> }).headers.authorization).toBe(
      "Bearer [REDACTED]",
    );
    const pet = await client.readResource("api://demo/pets/2");
    expect(pet.contents[0]).toMatchObject({ text: '{"id":2,"name":"Tom","tag":"cat"}' });
  }
  expect(transport.stderr).toContain('"msg":"upstream request"');
  expect(transport.stderr).not.toContain(SECRET);
});

it("refuses to start when a secret is missing, naming the key", async () => {
  const configPath = join(dir, "gateway.json");
  await writeFile(configPath, JSON.stringify({ upstreams: [demoEntry(upstream)] }));
  const env = { ...process.env };
  delete env.DEMO_TOKEN;
  const run = spawnSync(process.execPath, [...MAIN, "--config", configPath], {
    cwd: appDir,
    env,
    encoding: "utf8",
    timeout: 20_000,
  });
  expect(run.status).toBe(2);
  expect(run.stderr).toContain(
    "api-gateway: upstreams[0].auth.env: environment variable DEMO_TOKEN is not set",
  );
  expect(run.stdout).toBe("");
});

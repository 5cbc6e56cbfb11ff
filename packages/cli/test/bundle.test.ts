// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${__dirname} and ${user_config.<key>} are MCPB placeholders the client fills in
import { execFile } from "node:child_process";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { Client } from "@mcpkit/core";
import { describe, expect, it } from "vitest";
import { cliDir } from "../src/workspace.js";
import { mcpkit, temporaryDirectory } from "./run-mcpkit.js";

const run = promisify(execFile);
// The official MCPB tool (a devDependency): it validates manifests and unpacks bundles.
const mcpb = join(cliDir, "node_modules", ".bin", "mcpb");

interface Manifest {
  server: { mcp_config: { command: string; args: string[]; env?: Record<string, string> } };
  tools: Array<{ name: string }>;
  prompts: Array<{ name: string; text: string }>;
  user_config?: Record<string, { type: string; multiple?: boolean }>;
  compatibility: { platforms?: string[] };
}

/** Bundles `app`, validates the manifest with `mcpb validate`, unpacks with `mcpb unpack`. */
async function bundleAndUnpack(app: string, into: string): Promise<{ root: string; manifest: Manifest }> {
  const file = join(into, `${app}.mcpb`);
  const made = await mcpkit(["bundle", app, "--out", file]);
  expect(made.code, made.stderr).toBe(0);
  expect(made.stdout).toContain(`Wrote ${file}`);
  const root = join(into, "unpacked");
  await run(mcpb, ["unpack", file, root], { timeout: 120_000 });
  const validated = await run(mcpb, ["validate", join(root, "manifest.json")], { timeout: 120_000 });
  expect(validated.stdout).toContain("Manifest schema validation passes");
  return { root, manifest: JSON.parse(readFileSync(join(root, "manifest.json"), "utf8")) as Manifest };
}

/**
 * Starts the server the way Claude Desktop does from an installed bundle: the manifest's command
 * line with `${__dirname}` and `${user_config.*}` filled in (a multiple setting becomes several
 * arguments), on this Node rather than the one Claude Desktop ships.
 */
function connectUnpacked(root: string, manifest: Manifest, settings: Record<string, string | string[]>) {
  const fill = (value: string) =>
    value
      .replace("${__dirname}", root)
      .replace(/\$\{user_config\.(\w+)\}/g, (_, key: string) => String(settings[key] ?? ""));
  const { args, env = {} } = manifest.server.mcp_config;
  const filledArgs = args.flatMap((arg) => {
    const whole = /^\$\{user_config\.(\w+)\}$/.exec(arg);
    const value = whole?.[1] ? settings[whole[1]] : undefined;
    return Array.isArray(value) ? value : [fill(arg)];
  });
  const filledEnv = Object.fromEntries(Object.entries(env).map(([key, value]) => [key, fill(value)]));
  return Client.connect(
    { command: process.execPath, args: filledArgs, env: filledEnv, cwd: root, stderr: "pipe" },
    { name: "bundle-test" },
  );
}

const text = (result: { content: Array<{ type: string; text?: string }> }) =>
  result.content.map((part) => part.text ?? "").join("\n");

describe("mcpkit bundle", () => {
  it("bundles weather with its tools, prompts and offline setting; the unpacked server answers", async () => {
    using dir = temporaryDirectory();
    const { root, manifest } = await bundleAndUnpack("weather", dir.path);
    expect(manifest.tools.map((tool) => tool.name)).toEqual(
      expect.arrayContaining(["get_weather", "get_forecast"]),
    );
    expect(manifest.user_config?.offline?.type).toBe("boolean");
    expect(manifest.compatibility.platforms).toBeUndefined();
    // Nothing of the workspace comes along: core as published, no sources or tests.
    const core = readdirSync(join(root, "node_modules", "@mcpkit", "core"), { recursive: true }).map(String);
    expect(core).toContain(join("dist", "index.js"));
    expect(core.some((path) => path.startsWith("src") || path.includes("test"))).toBe(false);
    await using client = await connectUnpacked(root, manifest, { offline: "true" });
    const result = await client.callTool("get_weather", { city: "London" });
    expect(result.isError).toBeFalsy();
    expect(text(result)).toContain("London");
  });

  it("bundles sqlite with its native addon and the database setting; empty means the sample", async () => {
    using dir = temporaryDirectory();
    const { root, manifest } = await bundleAndUnpack("sqlite", dir.path);
    expect(manifest.user_config?.database?.type).toBe("file");
    expect(manifest.compatibility.platforms).toEqual([process.platform]);
    expect(manifest.prompts.map((prompt) => prompt.name)).toContain("explore_database");
    const addon = join(root, "node_modules", "better-sqlite3", "build", "Release", "better_sqlite3.node");
    expect(statSync(addon).isFile()).toBe(true);
    await using client = await connectUnpacked(root, manifest, { database: "" });
    const result = await client.callTool("list_tables", {});
    expect(result.isError).toBeFalsy();
    expect(text(result)).toContain("customers");
  });

  it("bundles file-manager with a folders setting that becomes the roots", async () => {
    using dir = temporaryDirectory();
    using shared = temporaryDirectory();
    writeFileSync(join(shared.path, "notes.txt"), "bundled\n");
    const { root, manifest } = await bundleAndUnpack("file-manager", dir.path);
    expect(manifest.user_config?.folders).toMatchObject({ type: "directory", multiple: true });
    await using client = await connectUnpacked(root, manifest, {
      folders: [shared.path],
      allow_write: "false",
    });
    const listed = await client.callTool("list_directory", {});
    expect(text(listed)).toContain("notes.txt");
    expect((await client.listTools()).map((tool) => tool.name)).not.toContain("write_file");
  });

  it("refuses an unknown app with the list of apps", async () => {
    const unknown = await mcpkit(["bundle", "wether"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Did you mean "weather"?');
  });
});

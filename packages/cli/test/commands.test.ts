import { execFile } from "node:child_process";
import { join } from "node:path";
import { SUPPORTED_PROTOCOL_VERSIONS } from "@mcpkit/core";
import { describe, expect, it } from "vitest";
import { cliDir, mcpkit, mcpkitProcess } from "./run-mcpkit.js";

const COMMANDS = ["run", "list", "call", "read", "prompt", "types", "dev", "install", "new", "version"];

describe("mcpkit commands", () => {
  it("lists every command in its usage, and exits 2 without one", async () => {
    const help = await mcpkit(["--help"]);
    expect(help.code).toBe(0);
    for (const command of COMMANDS) expect(help.stdout).toMatch(new RegExp(`^  ${command} `, "m"));
    const bare = await mcpkit([]);
    expect(bare.code).toBe(2);
    expect(bare.stdout).toContain("Usage: mcpkit <command>");
  });

  it.each(COMMANDS)("answers %s --help with its usage", async (command) => {
    const { code, stdout } = await mcpkit([command, "--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain(`Usage: mcpkit ${command}`);
  });

  it("suggests the closest command for a typo, exit code 2", async () => {
    const { code, stderr } = await mcpkitProcess(["lsit", "weather"]);
    expect(code).toBe(2);
    expect(stderr).toContain('Unknown command "lsit". Did you mean "list"?');
  });

  it("rejects unknown options with exit code 2 and a pointer to --help", async () => {
    const { code, stderr } = await mcpkit(["list", "weather", "--colour"]);
    expect(code).toBe(2);
    expect(stderr).toContain("--colour");
    expect(stderr).toContain('Run "mcpkit list --help"');
  });

  it("prints the versions of mcpkit, core, the SDK, Node and the protocol revisions", async () => {
    const text = await mcpkit(["version"]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`Node.js             ${process.versions.node}`);
    expect(text.stdout).toContain(`${SUPPORTED_PROTOCOL_VERSIONS[0]} (latest)`);
    const json = JSON.parse((await mcpkit(["version", "--json"])).stdout);
    expect(json).toMatchObject({
      mcpkit: "0.1.0",
      core: "0.1.0",
      node: process.versions.node,
      protocol: [...SUPPORTED_PROTOCOL_VERSIONS],
    });
    expect(json.sdk).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("runs through the bin launcher (its build, or the source when there is none)", async () => {
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, [join(cliDir, "bin", "mcpkit.js"), "version", "--json"], (error, out) =>
        error ? reject(error) : resolve(out),
      );
    });
    expect(JSON.parse(stdout).mcpkit).toBe("0.1.0");
  });
});

import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { delimiter, isAbsolute, join } from "node:path";
import { Client } from "@mcpkit/core";
import { describe, expect, it } from "vitest";
import { configPath } from "../src/client-config.js";
import { mcpkit, mcpkitProcess, temporaryDirectory, workspaceDir } from "./run-mcpkit.js";

const read = (path: string) => JSON.parse(readFileSync(path, "utf8"));

describe("mcpkit install", () => {
  it("creates the config with absolute node and server paths and the environment", async () => {
    using dir = temporaryDirectory();
    const config = join(dir.path, "nested", "claude_desktop_config.json");
    writeFileSync(join(dir.path, ".env"), "# secrets\nexport API_KEY='s3cret'\nREGION=eu # comment\n");
    const { code, stdout } = await mcpkit([
      "install",
      "weather",
      "--client",
      "claude-desktop",
      "--config",
      config,
      "--env-file",
      join(dir.path, ".env"),
      "--env",
      "REGION=us",
      "--env",
      "EMPTY=",
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain(`Added "weather" in Claude Desktop's config: ${config}`);
    const entry = read(config).mcpServers.weather;
    expect(realpathSync(entry.command)).toBe(realpathSync(process.execPath));
    expect(entry.env).toEqual({ API_KEY: "s3cret", REGION: "us", EMPTY: "" });
    // The built entry with plain node: no tsx loader (a path inside the pnpm store) in the config.
    expect(entry.args).toEqual([join(workspaceDir, "apps", "weather", "dist", "main.js")]);
    expect(isAbsolute(entry.args[0])).toBe(true);
    expect(existsSync(entry.args[0])).toBe(true);
    expect(entry.type).toBeUndefined();
  });

  it("keeps existing entries, writes a backup, and refuses to clobber without --force", async () => {
    using dir = temporaryDirectory();
    const config = join(dir.path, "mcp.json");
    const original = `{\n  // user settings\n  "servers": { "db": { "type": "stdio", "command": "db-server", }, },\n  "inputs": []\n}\n`;
    writeFileSync(config, original);
    const added = await mcpkit(["install", "sqlite", "--client", "vscode", "--config", config]);
    expect(added.code).toBe(0);
    const merged = read(config);
    expect(merged.servers.db).toEqual({ type: "stdio", command: "db-server" });
    expect(merged.inputs).toEqual([]);
    expect(merged.servers.sqlite).toMatchObject({ type: "stdio" });
    expect(realpathSync(merged.servers.sqlite.command)).toBe(realpathSync(process.execPath));
    const backups = readdirSync(dir.path).filter((name) => name.startsWith("mcp.json.mcpkit-backup-"));
    expect(backups).toHaveLength(1);
    expect(readFileSync(join(dir.path, backups[0]!), "utf8")).toBe(original);

    const before = readFileSync(config, "utf8");
    const clash = await mcpkit([
      "install",
      "weather",
      "--client",
      "vscode",
      "--config",
      config,
      "--name",
      "sqlite",
    ]);
    expect(clash.code).toBe(1);
    expect(clash.stderr).toContain('already has a server named "sqlite"');
    expect(readFileSync(config, "utf8")).toBe(before);
    const forced = await mcpkit([
      "install",
      "weather",
      "--client",
      "vscode",
      "--config",
      config,
      "--name",
      "sqlite",
      "--force",
    ]);
    expect(forced.stdout).toContain('Replaced "sqlite"');
    expect(
      read(config).servers.sqlite.args.some((arg: string) =>
        arg.endsWith(join("weather", "dist", "main.js")),
      ),
    ).toBe(true);
  });

  it("writes mcpServers for Cursor and Claude Code, and URL entries for remote servers", async () => {
    using dir = temporaryDirectory();
    const cursor = join(dir.path, "cursor.json");
    await mcpkit([
      "install",
      "http://127.0.0.1:3000/mcp",
      "--client",
      "cursor",
      "--config",
      cursor,
      "--name",
      "remote",
    ]);
    expect(read(cursor)).toEqual({ mcpServers: { remote: { url: "http://127.0.0.1:3000/mcp" } } });
    const claudeCode = join(dir.path, "claude.json");
    writeFileSync(claudeCode, JSON.stringify({ numStartups: 3, mcpServers: {} }));
    await mcpkit(["install", "http://127.0.0.1:3000/mcp", "--client", "claude-code", "--config", claudeCode]);
    expect(read(claudeCode)).toEqual({
      numStartups: 3,
      mcpServers: { "127.0.0.1": { type: "http", url: "http://127.0.0.1:3000/mcp" } },
    });
    const desktop = join(dir.path, "desktop.json");
    await mcpkit([
      "install",
      "http://127.0.0.1:3000/mcp",
      "--client",
      "claude-desktop",
      "--config",
      desktop,
      "--name",
      "remote",
    ]);
    const bridged = read(desktop).mcpServers.remote;
    expect(realpathSync(bridged.command)).toBe(realpathSync(process.execPath));
    expect(bridged.args.slice(-2)).toEqual(["run", "http://127.0.0.1:3000/mcp"]);
  });

  it("passes server arguments after -- into the entry, and --dry-run writes nothing", async () => {
    using dir = temporaryDirectory();
    const config = join(dir.path, "cursor.json");
    const { code, stdout } = await mcpkit([
      "install",
      "sqlite",
      "--client",
      "cursor",
      "--config",
      config,
      "--dry-run",
      "--",
      "--db",
      "/data/shop.db",
    ]);
    expect(code).toBe(0);
    const entry = JSON.parse(stdout).sqlite;
    expect(entry.args).toEqual([
      join(workspaceDir, "apps", "sqlite", "dist", "main.js"),
      "--db",
      "/data/shop.db",
    ]);
    expect(existsSync(config)).toBe(false);
  });

  it("leaves a broken config alone and rejects bad input with clear errors", async () => {
    using dir = temporaryDirectory();
    const config = join(dir.path, "broken.json");
    writeFileSync(config, "{ not json");
    const broken = await mcpkit(["install", "weather", "--client", "cursor", "--config", config]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain("is not valid JSON");
    expect(readFileSync(config, "utf8")).toBe("{ not json");
    expect(readdirSync(dir.path)).toEqual(["broken.json"]);
    const client = await mcpkit(["install", "weather", "--client", "cursorr"]);
    expect(client.code).toBe(2);
    expect(client.stderr).toContain('Did you mean "cursor"?');
    const noClient = await mcpkit(["install", "weather"]);
    expect(noClient.stderr).toContain("--client is required");
    const env = await mcpkit(["install", "weather", "--client", "cursor", "--env", "NOVALUE", "--dry-run"]);
    expect(env.code).toBe(2);
    const name = await mcpkit([
      "install",
      "weather",
      "--client",
      "cursor",
      "--name",
      "bad name",
      "--dry-run",
    ]);
    expect(name.code).toBe(2);
  });

  it("treats an empty XDG_CONFIG_HOME as unset, never writing under the current directory", async () => {
    using home = temporaryDirectory();
    using cwd = temporaryDirectory();
    const env = { HOME: home.path, XDG_CONFIG_HOME: "" };
    for (const client of ["vscode", "claude-desktop"]) {
      const installed = await mcpkitProcess(["install", "weather", "--client", client], {
        cwd: cwd.path,
        env,
      });
      expect(installed.code).toBe(0);
    }
    expect(read(join(home.path, ".config", "Code", "User", "mcp.json")).servers.weather.type).toBe("stdio");
    expect(
      read(join(home.path, ".config", "Claude", "claude_desktop_config.json")).mcpServers.weather,
    ).toBeDefined();
    expect(readdirSync(cwd.path)).toEqual([]);
  });

  it("names node by the PATH entry that is this Node, not the versioned path it resolves to", async () => {
    using dir = temporaryDirectory();
    const bin = join(dir.path, "bin");
    mkdirSync(bin);
    symlinkSync(process.execPath, join(bin, "node"));
    const { code, stdout } = await mcpkitProcess(["install", "sqlite", "--client", "cursor", "--dry-run"], {
      env: { PATH: `${bin}${delimiter}${process.env.PATH}` },
    });
    expect(code).toBe(0);
    expect(JSON.parse(stdout).sqlite.command).toBe(join(bin, "node"));
  });

  it("writes the npx form of a published app with --npx, typed per client, with its arguments", async () => {
    using dir = temporaryDirectory();
    const config = join(dir.path, "mcp.json");
    const added = await mcpkit([
      "install",
      "@mcpkit/sqlite",
      "--client",
      "vscode",
      "--config",
      config,
      "--npx",
      "--env",
      "SQLITE_MAX_ROWS=50",
      "--",
      "--db",
      "/data/shop.db",
    ]);
    expect(added.code).toBe(0);
    expect(read(config).servers.sqlite).toEqual({
      type: "stdio",
      command: "npx",
      args: ["-y", "@mcpkit/sqlite", "--db", "/data/shop.db"],
      env: { SQLITE_MAX_ROWS: "50" },
    });
    for (const client of ["claude-desktop", "cursor"]) {
      const printed = await mcpkit(["install", "weather", "--client", client, "--npx", "--dry-run"]);
      expect(JSON.parse(printed.stdout)).toEqual({
        weather: { command: "npx", args: ["-y", "@mcpkit/weather"] },
      });
    }
    const claudeCode = await mcpkit([
      "install",
      "file-manager",
      "--client",
      "claude-code",
      "--npx",
      "--dry-run",
    ]);
    expect(JSON.parse(claudeCode.stdout)["file-manager"]).toEqual({
      type: "stdio",
      command: "npx",
      args: ["-y", "@mcpkit/file-manager"],
    });
    const notPublished = await mcpkit(["install", "./server.ts", "--client", "cursor", "--npx", "--dry-run"]);
    expect(notPublished.code).toBe(2);
    expect(notPublished.stderr).toContain("--npx works for the published apps");
  });

  it("starts a server file through mcpkit's bin, never a tsx path in the pnpm store, and it answers", async () => {
    const file = join(workspaceDir, "packages", "cli", "test", "fixtures", "demo-server.ts");
    const { code, stdout } = await mcpkit([
      "install",
      `${file}:server`,
      "--client",
      "cursor",
      "--name",
      "demo",
      "--dry-run",
    ]);
    expect(code).toBe(0);
    const entry = JSON.parse(stdout).demo;
    expect(entry.args).toEqual([
      join(workspaceDir, "packages", "cli", "bin", "mcpkit.js"),
      "run",
      `${file}:server`,
    ]);
    // The args never point into node_modules. The command is the node on PATH, which may itself
    // live in a node_modules folder (CI's Node 22 and 24 come from the npm `node` package), but
    // never in the pnpm store.
    expect(JSON.stringify(entry.args)).not.toContain("node_modules");
    expect(entry.command).not.toContain(".pnpm");
    // What the client will do with the entry: start it and call a tool.
    using cwd = temporaryDirectory();
    await using client = await Client.connect(
      { command: entry.command, args: entry.args, cwd: cwd.path, stderr: "pipe" },
      { name: "install-test" },
    );
    const result = await client.callTool("add", { a: 2, b: 3 });
    expect(result.content).toEqual([{ type: "text", text: "5" }]);
  });

  it("knows each client's config path per operating system", () => {
    const mac = { platform: "darwin" as const, home: "/Users/ada", env: {} };
    const linux = { platform: "linux" as const, home: "/home/ada", env: {} };
    const windows = {
      platform: "win32" as const,
      home: "C:\\Users\\ada",
      env: { APPDATA: "C:\\Users\\ada\\AppData\\Roaming" },
    };
    expect(configPath("claude-desktop", mac)).toBe(
      "/Users/ada/Library/Application Support/Claude/claude_desktop_config.json",
    );
    expect(configPath("claude-desktop", linux)).toBe("/home/ada/.config/Claude/claude_desktop_config.json");
    expect(configPath("claude-desktop", windows)).toContain(
      join("C:\\Users\\ada\\AppData\\Roaming", "Claude", "claude_desktop_config.json"),
    );
    expect(configPath("vscode", mac)).toBe("/Users/ada/Library/Application Support/Code/User/mcp.json");
    expect(configPath("vscode", { ...linux, env: { XDG_CONFIG_HOME: "/xdg" } })).toBe(
      "/xdg/Code/User/mcp.json",
    );
    expect(configPath("vscode", { ...linux, env: { XDG_CONFIG_HOME: "" } })).toBe(
      "/home/ada/.config/Code/User/mcp.json",
    );
    expect(configPath("vscode", { ...linux, env: { XDG_CONFIG_HOME: "relative/xdg" } })).toBe(
      "/home/ada/.config/Code/User/mcp.json",
    );
    expect(configPath("cursor", linux)).toBe("/home/ada/.cursor/mcp.json");
    expect(configPath("claude-code", mac)).toBe("/Users/ada/.claude.json");
  });
});

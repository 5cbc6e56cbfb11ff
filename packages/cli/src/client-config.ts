import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join } from "node:path";
import { CliError } from "./errors.js";

export const CLIENTS = ["claude-desktop", "cursor", "vscode", "claude-code"] as const;
export type ClientName = (typeof CLIENTS)[number];

export const CLIENT_TITLES: Record<ClientName, string> = {
  "claude-desktop": "Claude Desktop",
  cursor: "Cursor",
  vscode: "VS Code",
  "claude-code": "Claude Code",
};

export interface Environment {
  platform: NodeJS.Platform;
  home: string;
  env: Record<string, string | undefined>;
}

/** Where each client keeps its user-level MCP server list, per operating system. */
export function configPath(client: ClientName, { platform, home, env }: Environment): string {
  // An empty variable is unset; the XDG spec also says a relative XDG_CONFIG_HOME must be ignored
  // (else configs land under whatever directory mcpkit runs in).
  const appData = env.APPDATA || join(home, "AppData", "Roaming");
  const xdg = env.XDG_CONFIG_HOME;
  const xdgConfig = xdg && isAbsolute(xdg) ? xdg : join(home, ".config");
  const userConfig =
    platform === "darwin"
      ? join(home, "Library", "Application Support")
      : platform === "win32"
        ? appData
        : xdgConfig;
  switch (client) {
    case "claude-desktop":
      return join(userConfig, "Claude", "claude_desktop_config.json");
    case "vscode":
      return join(userConfig, "Code", "User", "mcp.json");
    case "cursor":
      return join(home, ".cursor", "mcp.json");
    case "claude-code":
      return join(home, ".claude.json");
  }
}

/** The key the client lists servers under: VS Code's `servers`, everyone else's `mcpServers`. */
export function serversKey(client: ClientName): "servers" | "mcpServers" {
  return client === "vscode" ? "servers" : "mcpServers";
}

export type ServerEntry = Record<string, unknown>;

export interface MergeResult {
  path: string;
  backup: string | undefined;
  replaced: boolean;
}

/**
 * Adds `entry` as `name` to the config file at `path`, keeping everything else in it. An existing
 * file is backed up first (`<file>.mcpkit-backup-<time>`); an existing server of the same name is
 * replaced only with `force`. Comments in the file (JSONC) are accepted but not kept.
 */
export function mergeServer(
  path: string,
  client: ClientName,
  name: string,
  entry: ServerEntry,
  force: boolean,
  now = new Date(),
): MergeResult {
  const key = serversKey(client);
  let config: Record<string, unknown> = {};
  const exists = existsSync(path);
  if (exists) {
    const text = readFileSync(path, "utf8");
    if (text.trim() !== "") {
      try {
        config = JSON.parse(stripJsonComments(text)) as Record<string, unknown>;
      } catch (error) {
        throw new CliError(
          `${path} is not valid JSON (${(error as Error).message}); fix it or pass --config <other file>. Nothing was changed.`,
        );
      }
      if (typeof config !== "object" || config === null || Array.isArray(config)) {
        throw new CliError(`${path} does not hold a JSON object; nothing was changed.`);
      }
    }
  }
  const servers = config[key] ?? {};
  if (typeof servers !== "object" || servers === null || Array.isArray(servers)) {
    throw new CliError(`"${key}" in ${path} is not an object; nothing was changed.`);
  }
  const existing = (servers as Record<string, unknown>)[name];
  if (existing !== undefined && !force) {
    throw new CliError(
      `${path} already has a server named "${name}":\n${JSON.stringify(existing, null, 2)}\nUse --force to replace it, or --name to add this one under another name.`,
    );
  }
  let backup: string | undefined;
  if (exists) {
    backup = `${path}.mcpkit-backup-${now.toISOString().replace(/[:.]/g, "-")}`;
    writeFileSync(backup, readFileSync(path));
  }
  config[key] = { ...(servers as Record<string, unknown>), [name]: entry };
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.mcpkit-${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(config, null, 2)}\n`);
  renameSync(temporary, path);
  return { path, backup, replaced: existing !== undefined };
}

/** Removes // and /* *\/ comments and trailing commas outside strings (VS Code's JSONC). */
export function stripJsonComments(text: string): string {
  return text
    .replace(/"(?:\\.|[^"\\])*"|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (match) =>
      match.startsWith('"') ? match : "",
    )
    .replace(/"(?:\\.|[^"\\])*"|,(\s*[}\]])/g, (match, closing: string | undefined) =>
      closing === undefined ? match : closing,
    );
}

/** `KEY=value` lines of a .env file: comments, blank lines, `export ` and quotes handled. */
export function parseEnvFile(text: string, file: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const found = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!found?.[1]) throw new CliError(`${file}:${index + 1}: expected KEY=value, got "${line}"`, 2);
    let value = found[2] ?? "";
    const quoted = /^(["'])(.*)\1$/.exec(value);
    if (quoted)
      value =
        quoted[1] === '"'
          ? (quoted[2] ?? "").replace(/\\n/g, "\n").replace(/\\(["\\])/g, "$1")
          : (quoted[2] ?? "");
    else value = value.replace(/\s+#.*$/, "");
    env[found[1]] = value;
  }
  return env;
}

import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { basename, dirname, extname, join, resolve } from "node:path";
import { appEntry } from "../built-entry.js";
import {
  CLIENT_TITLES,
  CLIENTS,
  type ClientName,
  configPath,
  mergeServer,
  parseEnvFile,
  type ServerEntry,
} from "../client-config.js";
import { defineCommand, targetOptions } from "../command.js";
import { CliError, UsageError } from "../errors.js";
import { cliEntry, nodeArgs, stableNode } from "../node-command.js";
import { didYouMean } from "../suggest.js";
import { takeTarget } from "../take-target.js";
import { serverCommand, TARGET_HELP, type Target } from "../target.js";
import { findWorkspace } from "../workspace.js";

export const installCommand = defineCommand({
  name: "install",
  summary: "Add a server to Claude Desktop, Cursor, VS Code or Claude Code",
  help: `Usage: mcpkit install <target> --client <client> [--name <name>] [--env KEY=VALUE ...] [--env-file .env]

Adds the server to a client's MCP configuration, with absolute paths to node and the server so
it starts from anywhere (an app's built dist/main.js, built first if needed). Other servers in the file are kept, the file is backed up first
(<file>.mcpkit-backup-<time>), and a server of the same name is only replaced with --force.

Clients and their config files (user level):
  claude-desktop   macOS ~/Library/Application Support/Claude/claude_desktop_config.json,
                   Windows %APPDATA%\\Claude\\claude_desktop_config.json, Linux ~/.config/Claude/...
  cursor           ~/.cursor/mcp.json
  vscode           the user mcp.json (macOS ~/Library/Application Support/Code/User/mcp.json,
                   Windows %APPDATA%\\Code\\User\\mcp.json, Linux ~/.config/Code/User/mcp.json)
  claude-code      ~/.claude.json

Options:
  --client <name>       claude-desktop, cursor, vscode or claude-code (required)
  --name <name>         The server's name in the config (default: from the target)
  --env KEY=VALUE       Environment for the server, repeatable
  --env-file <file>     Environment from a .env file (--env wins)
  --config <file>       Write this config file instead (e.g. a project's .vscode/mcp.json or .mcp.json)
  --force               Replace a server of the same name
  --dry-run             Print the entry instead of writing it
  -h, --help            Show this help

${TARGET_HELP}

Examples:
  mcpkit install weather --client claude-desktop
  mcpkit install ./src/server.ts --client cursor --name notes --env NOTES_DIR=$HOME/notes
  mcpkit install http://127.0.0.1:3000/mcp --client vscode --name local`,
  options: {
    ...targetOptions,
    client: { type: "string" },
    name: { type: "string" },
    env: { type: "string", multiple: true },
    "env-file": { type: "string" },
    config: { type: "string" },
    force: { type: "boolean" },
    "dry-run": { type: "boolean" },
  },
  async run({ values, positionals, rest }) {
    const { target, positionals: extra } = takeTarget(positionals, rest, values.command);
    if (extra.length > 0) throw new UsageError(`Unexpected arguments: ${extra.join(" ")}`);
    const client = values.client;
    if (!client) throw new UsageError(`--client is required: ${CLIENTS.join(", ")}`);
    if (!(CLIENTS as readonly string[]).includes(client)) {
      throw new UsageError(
        `Unknown client "${client}".${didYouMean(client, CLIENTS)} Clients: ${CLIENTS.join(", ")}`,
      );
    }
    const name = values.name ?? defaultName(target);
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name))
      throw new UsageError(`--name must be 1-64 letters, digits, "_", "-" or ".", got "${name}"`);
    const env = readEnv(values["env-file"], values.env ?? []);
    const entry = serverEntry(target, client as ClientName, env);
    const path = values.config
      ? resolve(values.config)
      : configPath(client as ClientName, { platform: process.platform, home: homedir(), env: process.env });
    if (values["dry-run"]) {
      process.stdout.write(`${JSON.stringify({ [name]: entry }, null, 2)}\n`);
      process.stderr.write(`mcpkit: would add it to ${path}\n`);
      return 0;
    }
    const result = mergeServer(path, client as ClientName, name, entry, values.force ?? false);
    const title = CLIENT_TITLES[client as ClientName];
    const lines = [
      `${result.replaced ? "Replaced" : "Added"} "${name}" in ${title}'s config: ${result.path}`,
    ];
    if (result.backup) lines.push(`Backup of the previous file: ${result.backup}`);
    lines.push(`Restart ${title} (or reload its MCP servers) to use it.`);
    process.stdout.write(`${lines.join("\n")}\n`);
    return 0;
  },
});

function readEnv(file: string | undefined, pairs: string[]): Record<string, string> {
  const env: Record<string, string> = {};
  if (file) {
    const path = resolve(file);
    if (!existsSync(path)) throw new UsageError(`--env-file not found: ${path}`);
    Object.assign(env, parseEnvFile(readFileSync(path, "utf8"), path));
  }
  for (const pair of pairs) {
    const equals = pair.indexOf("=");
    const key = pair.slice(0, equals);
    if (equals <= 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(key))
      throw new UsageError(`--env takes KEY=VALUE, got "${pair}"`);
    env[key] = pair.slice(equals + 1);
  }
  return env;
}

/** The config entry: an absolute command line for a local server, or the URL for a remote one. */
export function serverEntry(target: Target, client: ClientName, env: Record<string, string>): ServerEntry {
  const withEnv = (entry: ServerEntry) => (Object.keys(env).length > 0 ? { ...entry, env } : entry);
  if (target.kind === "url") {
    if (client === "claude-desktop") {
      // Claude Desktop starts local processes only: bridge the remote server to stdio.
      return withEnv({ command: stableNode(), args: [...nodeArgs(cliEntry()), "run", target.url] });
    }
    return withEnv(client === "cursor" ? { url: target.url } : { type: "http", url: target.url });
  }
  if (target.kind === "app") ensureBuilt(target.name, target.dir);
  const { command, args } = serverCommand(target);
  const absolute = target.kind === "command" ? resolveCommand(command) : stableNode();
  const entry: ServerEntry = { command: absolute, args };
  return withEnv(client === "vscode" || client === "claude-code" ? { type: "stdio", ...entry } : entry);
}

/**
 * A client starts the server long after this command, with plain node, so the entry it gets is
 * the app's build: build it now (with its dependencies, through turbo) if it is missing or stale.
 */
function ensureBuilt(name: string, dir: string): void {
  if (appEntry(dir).built) return;
  const workspace = findWorkspace() ?? dir;
  const pkg = (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name: string }).name;
  process.stderr.write(`mcpkit: building ${pkg} so the client can start it with plain node\n`);
  const turbo = join(workspace, "node_modules", "turbo", "bin", "turbo");
  const built = spawnSync(
    process.execPath,
    [turbo, "run", "build", `--filter=${pkg}`, "--output-logs=errors-only"],
    {
      cwd: workspace,
      stdio: ["ignore", "pipe", "pipe"],
      encoding: "utf8",
    },
  );
  if (built.status !== 0 || !appEntry(dir).built) {
    throw new CliError(
      `Could not build ${name} (${built.error?.message ?? `exit ${built.status}`}):\n${built.stdout}${built.stderr}\nRun "pnpm build" in ${workspace} and install again.`,
    );
  }
}

/** `node` becomes this Node's absolute path and a relative script path an absolute one. */
function resolveCommand(command: string): string {
  if (command === "node") return stableNode();
  if (command.startsWith(".")) return resolve(command);
  return command;
}

function defaultName(target: Target): string {
  switch (target.kind) {
    case "app":
      return target.name;
    case "all":
      return "mcpkit-all";
    case "url":
      return new URL(target.url).hostname.replace(/[^A-Za-z0-9_.-]/g, "-");
    case "command": {
      const script = target.args.find((arg) => !arg.startsWith("-")) ?? target.command;
      return basename(script, extname(script)).replace(/[^A-Za-z0-9_.-]/g, "-") || "server";
    }
    case "file":
      return packageName(target.file) ?? basename(target.file, extname(target.file));
  }
}

/** The unscoped name of the package a file belongs to. */
function packageName(file: string): string | undefined {
  for (let directory = dirname(file); dirname(directory) !== directory; directory = dirname(directory)) {
    const manifest = join(directory, "package.json");
    if (!existsSync(manifest)) continue;
    const name = (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name;
    return name?.replace(/^@[^/]+\//, "");
  }
  return undefined;
}

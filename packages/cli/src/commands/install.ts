import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { basename, dirname, extname, join, resolve } from "node:path";
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
import { ensureBuilt } from "../ensure-built.js";
import { UsageError } from "../errors.js";
import { stableNode } from "../node-command.js";
import { npxApp, npxEntry, PUBLISHED_APPS, stdioEntry } from "../npx-entry.js";
import { didYouMean } from "../suggest.js";
import { takeTarget } from "../take-target.js";
import { serverCommand, TARGET_HELP, type Target } from "../target.js";
import { cliDir } from "../workspace.js";

export const installCommand = defineCommand({
  name: "install",
  summary: "Add a server to Claude Desktop, Cursor, VS Code or Claude Code",
  help: `Usage: mcpkit install <target> --client <client> [--npx] [--name <name>] [--env KEY=VALUE ...]

Adds the server to a client's MCP configuration. In this repository an app gets absolute paths to
node and its built dist/main.js (built first if needed), so it starts from anywhere; outside it
(mcpkit installed from npm), or with --npx, an app gets "npx -y @mcpkit/<app>", the published
package. Other servers in the file are kept, the file is backed up first
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
  --npx                 Write "npx -y @mcpkit/<app>" for a published app (${PUBLISHED_APPS.join(", ")});
                        the default outside this repository
  --config <file>       Write this config file instead (e.g. a project's .vscode/mcp.json or .mcp.json)
  --force               Replace a server of the same name
  --dry-run             Print the entry instead of writing it
  -h, --help            Show this help

${TARGET_HELP}

Examples:
  mcpkit install weather --client claude-desktop
  mcpkit install sqlite --client vscode --npx -- --db ~/data/shop.db
  mcpkit install ./src/server.ts --client cursor --name notes --env NOTES_DIR=$HOME/notes
  mcpkit install http://127.0.0.1:3000/mcp --client vscode --name local`,
  options: {
    ...targetOptions,
    client: { type: "string" },
    name: { type: "string" },
    env: { type: "string", multiple: true },
    "env-file": { type: "string" },
    npx: { type: "boolean" },
    config: { type: "string" },
    force: { type: "boolean" },
    "dry-run": { type: "boolean" },
  },
  async run({ values, positionals, rest }) {
    const server = chooseServer(positionals, rest, values.command, values.npx === true);
    const extra = server.positionals;
    if (extra.length > 0) throw new UsageError(`Unexpected arguments: ${extra.join(" ")}`);
    const client = values.client;
    if (!client) throw new UsageError(`--client is required: ${CLIENTS.join(", ")}`);
    if (!(CLIENTS as readonly string[]).includes(client)) {
      throw new UsageError(
        `Unknown client "${client}".${didYouMean(client, CLIENTS)} Clients: ${CLIENTS.join(", ")}`,
      );
    }
    const name = values.name ?? server.name;
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name))
      throw new UsageError(`--name must be 1-64 letters, digits, "_", "-" or ".", got "${name}"`);
    const env = readEnv(values["env-file"], values.env ?? []);
    const entry = server.entry(client as ClientName, env);
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

interface ChosenServer {
  name: string;
  entry(client: ClientName, env: Record<string, string>): ServerEntry;
  positionals: string[];
}

/** A published app as `npx -y @mcpkit/<app>` (see npxApp), or any target as a local command line. */
function chooseServer(
  positionals: string[],
  rest: string[],
  command: string | undefined,
  npx: boolean,
): ChosenServer {
  const app = command === undefined ? npxApp(positionals[0], npx) : undefined;
  if (app !== undefined)
    return {
      name: app,
      entry: (client, env) => npxEntry(app, rest, client, env),
      positionals: positionals.slice(1),
    };
  if (npx) throw new UsageError(`--npx works for the published apps: ${PUBLISHED_APPS.join(", ")}`);
  const { target, positionals: after } = takeTarget(positionals, rest, command);
  return {
    name: defaultName(target),
    entry: (client, env) => serverEntry(target, client, env),
    positionals: after,
  };
}

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
      return withEnv({ command: stableNode(), args: [cliBin(), "run", target.url] });
    }
    return withEnv(client === "cursor" ? { url: target.url } : { type: "http", url: target.url });
  }
  if (target.kind === "app") ensureBuilt(target.name, target.dir);
  if (target.kind === "file") {
    // Through mcpkit's own bin, which finds tsx when the server starts: a tsx path resolved now
    // would point into the pnpm store and break on the next install.
    const file = target.exportName ? `${target.file}:${target.exportName}` : target.file;
    return stdioEntry(client, stableNode(), [cliBin(), "run", file, ...target.serverArgs], env);
  }
  const { command, args } = serverCommand(target);
  const absolute = target.kind === "command" ? resolveCommand(command) : stableNode();
  return stdioEntry(client, absolute, args, env);
}

/** mcpkit's bin script, a path that stays put (it runs the build, or the source through tsx). */
function cliBin(): string {
  return join(cliDir, "bin", "mcpkit.js");
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

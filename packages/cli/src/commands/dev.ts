import { type FSWatcher, watch } from "node:fs";
import { dirname, join } from "node:path";
import { defineCommand, targetOptions } from "../command.js";
import { DevRelay } from "../dev-relay.js";
import { UsageError } from "../errors.js";
import { takeTarget } from "../take-target.js";
import { serverCommand, TARGET_HELP, type Target } from "../target.js";
import { findWorkspace } from "../workspace.js";

const IGNORED = /(^|[/\\])(node_modules|dist|\.git|\.turbo|coverage)([/\\]|$)/;

export const devCommand = defineCommand({
  name: "dev",
  summary: "Run a server with reload on file change and a trace of every message",
  help: `Usage: mcpkit dev <target> [-- <server args>]

Runs the server over stdio for a client (an editor, the MCP Inspector) and restarts it when a
file in its directory changes. The client keeps its session: mcpkit replays its initialize to
the new server and sends list_changed notifications so the client lists tools again. Every
JSON-RPC message in both directions is traced on stderr.

Open the official MCP Inspector on it:
  npx @modelcontextprotocol/inspector mcpkit dev <target>

Options:
  --command "<cmd>"   Run this stdio command (reloads on changes in the current directory)
  -h, --help          Show this help

${TARGET_HELP}`,
  options: { ...targetOptions },
  async run({ values, positionals, rest }) {
    const { target, positionals: extra } = takeTarget(positionals, rest, values.command);
    if (extra.length > 0) throw new UsageError(`Unexpected arguments: ${extra.join(" ")}`);
    if (target.kind === "url")
      throw new UsageError("dev runs a server process; a URL is already running elsewhere");
    const relay = new DevRelay({ server: serverCommand(target, {}, { fromSource: true }) });
    const directory = watchedDirectory(target);
    const launcher = join(findWorkspace() ?? "", "packages", "cli", "bin", "mcpkit.js");
    const self = findWorkspace() ? `${process.execPath} ${launcher}` : "mcpkit";
    process.stderr.write(
      `mcpkit dev: watching ${directory}; every message is traced here.\nInspect it with the MCP Inspector:\n  npx @modelcontextprotocol/inspector ${self} dev ${targetWords(target).join(" ")}\n`,
    );
    let timer: NodeJS.Timeout | undefined;
    let changed = "";
    let restarting = Promise.resolve();
    const watcher: FSWatcher = watch(directory, { recursive: true }, (_event, file) => {
      if (!file || IGNORED.test(file.toString())) return;
      changed = file.toString();
      clearTimeout(timer);
      timer = setTimeout(() => {
        restarting = restarting.then(() => relay.restart(`${changed} changed`));
      }, 150);
    });
    try {
      await relay.run();
    } finally {
      watcher.close();
      clearTimeout(timer);
    }
    return 0;
  },
});

function watchedDirectory(target: Exclude<Target, { kind: "url" }>): string {
  switch (target.kind) {
    case "app":
      return join(target.dir, "src");
    case "file":
      return dirname(target.file);
    case "all":
      return join(findWorkspace() ?? process.cwd(), "apps");
    case "command":
      return process.cwd();
  }
}

/** The target as words that name it from any directory. */
function targetWords(target: Exclude<Target, { kind: "url" }>): string[] {
  const serverArgs = target.kind === "command" ? [] : target.serverArgs;
  const tail = serverArgs.length > 0 ? ["--", ...serverArgs] : [];
  switch (target.kind) {
    case "app":
      return [target.name, ...tail];
    case "all":
      return ["all", ...tail];
    case "file":
      return [target.exportName ? `${target.file}:${target.exportName}` : target.file, ...tail];
    case "command":
      return ["--", target.command, ...target.args];
  }
}

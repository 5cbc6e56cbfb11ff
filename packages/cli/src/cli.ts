import { McpError } from "@mcpkit/core";
import { type Command, parseInvocation } from "./command.js";
import { bundleCommand } from "./commands/bundle.js";
import { callCommand } from "./commands/call.js";
import { devCommand } from "./commands/dev.js";
import { installCommand } from "./commands/install.js";
import { listCommand } from "./commands/list.js";
import { newCommand } from "./commands/new.js";
import { promptCommand } from "./commands/prompt.js";
import { readCommand } from "./commands/read.js";
import { runCommand } from "./commands/run.js";
import { typesCommand } from "./commands/types.js";
import { versionCommand } from "./commands/version.js";
import { CliError, UsageError } from "./errors.js";
import { didYouMean } from "./suggest.js";

// biome-ignore lint/suspicious/noExplicitAny: each command has its own option types
const COMMANDS: Command<any>[] = [
  runCommand,
  listCommand,
  callCommand,
  readCommand,
  promptCommand,
  typesCommand,
  devCommand,
  installCommand,
  bundleCommand,
  newCommand,
  versionCommand,
];

function usage(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  const list = COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`).join("\n");
  return `Usage: mcpkit <command> [options]

Run, inspect, call, install and scaffold Model Context Protocol servers.

Commands:
${list}

Run "mcpkit <command> --help" for a command's options and targets.
`;
}

/** Runs one mcpkit command line; resolves with the process exit code. */
export async function runCli(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(usage());
    return name === undefined ? 2 : 0;
  }
  if (name === "--version" || name === "-v") return runCli(["version"]);
  const command = COMMANDS.find((candidate) => candidate.name === name);
  try {
    if (!command) {
      const names = COMMANDS.map((candidate) => candidate.name);
      throw new UsageError(
        `Unknown command "${name}".${didYouMean(name, names)} Commands: ${names.join(", ")}`,
      );
    }
    const invocation = parseInvocation(command, args);
    if (!invocation) return 0;
    return await command.run(invocation);
  } catch (error) {
    if (error instanceof UsageError) {
      const prefix = command ? `mcpkit ${command.name}` : "mcpkit";
      process.stderr.write(`${prefix}: ${error.message}\nRun "${prefix} --help" for usage.\n`);
      return 2;
    }
    if (error instanceof McpError) {
      process.stderr.write(
        `mcpkit: the server answered with an error: ${error.message} (code ${error.code})\n`,
      );
      return 1;
    }
    if (error instanceof CliError) {
      process.stderr.write(`mcpkit: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(
      `mcpkit: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 1;
  }
}

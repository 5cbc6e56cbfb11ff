import { type ParseArgsConfig, parseArgs } from "node:util";
import { UsageError } from "./errors.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** What a command's `run` gets: parsed flags, positionals, and the arguments after `--`. */
export interface Invocation<O extends Options> {
  values: {
    [K in keyof O]?: O[K] extends { type: "boolean" }
      ? boolean
      : O[K] extends { multiple: true }
        ? string[]
        : string;
  };
  positionals: string[];
  rest: string[];
}

export interface Command<O extends Options = Options> {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** The full `--help` text. */
  help: string;
  options: O;
  /** Resolves with the exit code. */
  run(invocation: Invocation<O>): Promise<number>;
}

export function defineCommand<O extends Options>(command: Command<O>): Command<O> {
  return command;
}

/** Options every target-taking command accepts. */
export const targetOptions = {
  command: { type: "string" },
} as const satisfies Options;

/** Parses argv for `command`; `undefined` when `--help` was asked (and printed). */
export function parseInvocation<O extends Options>(
  command: Command<O>,
  argv: string[],
): Invocation<O> | undefined {
  const split = argv.indexOf("--");
  const own = split === -1 ? argv : argv.slice(0, split);
  const rest = split === -1 ? [] : argv.slice(split + 1);
  if (own.includes("--help") || own.includes("-h")) {
    process.stdout.write(command.help.endsWith("\n") ? command.help : `${command.help}\n`);
    return undefined;
  }
  try {
    const { values, positionals } = parseArgs({
      args: own,
      options: command.options,
      allowPositionals: true,
      strict: true,
    });
    return { values: values as Invocation<O>["values"], positionals, rest };
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/^.*?: /, "") : String(error);
    throw new UsageError(message.replace(/\. To specify a positional.*$/s, ""));
  }
}

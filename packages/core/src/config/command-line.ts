import { type ParseArgsConfig, parseArgs } from "node:util";
import type { z } from "zod";

/**
 * A command line or environment variable a server cannot start with. Its message names the flag
 * and is meant for the person starting the server, so `main.ts` prints it and exits with status 2
 * rather than showing a stack trace.
 *
 * @example
 * if (!existsSync(path)) throw new ConfigError(`--config: no file at ${path}`);
 */
export class ConfigError extends Error {
  override name = "ConfigError";
}

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig["options"]>;
type FlagValue = string | boolean | (string | boolean)[] | undefined;

const helpOption = { help: { type: "boolean" } } as const;

type ParsedCommandLine<Options extends ParseArgsOptionsConfig> = ReturnType<
  typeof parseArgs<{
    args: string[];
    options: Options & typeof helpOption;
    strict: true;
    allowPositionals: boolean;
  }>
>;

/** How `parseCommandLine` reads one server's flags. */
export interface CommandLineOptions<Options extends ParseArgsOptionsConfig, Schema extends z.ZodType> {
  /** Prefix of each flag's environment variable: with `"WEATHER"`, `--log-level` falls back to `WEATHER_LOG_LEVEL`. */
  envPrefix: string;
  /** The flags, as `node:util` parseArgs declares them; `--help` is added. */
  options: Options;
  /** Accept arguments that are not flags (read them from `input`'s second argument); default false. */
  allowPositionals?: boolean;
  /** Checks the input; each issue's message is shown as is, so it should name its flag. */
  schema: Schema;
  /**
   * Builds the schema's input. `pick(flag)` is the flag's value, or else its environment variable;
   * `parsed` holds every flag's value and the positional arguments, for what `pick` does not cover.
   */
  input: (pick: PickFlag<Options>, parsed: ParsedCommandLine<Options>) => unknown;
}

/** A flag's value, or else its environment variable's. */
type PickFlag<Options extends ParseArgsOptionsConfig> = <Flag extends keyof Options & string>(
  flag: Flag,
) => FlagValueOf<ParsedCommandLine<Options>["values"], Flag> | string | undefined;

type FlagValueOf<Values, Flag> = Flag extends keyof Values ? Values[Flag] : never;

/**
 * Parses a server's command line, with environment variables as the fallback for each flag (flags
 * win), and checks the result with a zod schema. Returns `"help"` for `--help` (before any check),
 * and throws a `ConfigError` naming the flag for an unknown flag or a bad value (several problems
 * are joined with "; ").
 *
 * @example
 * const config = parseCommandLine(process.argv.slice(2), process.env, {
 *   envPrefix: "WEATHER",
 *   options: { retries: { type: "string" }, transport: { type: "string" } },
 *   schema: z.object({ retries: z.coerce.number({ error: "--retries must be a number" }), transport: transportFlag }),
 *   input: (pick) => ({ retries: pick("retries"), transport: pick("transport") }),
 * });
 * if (config === "help") process.stdout.write(HELP);
 */
export function parseCommandLine<Options extends ParseArgsOptionsConfig, Schema extends z.ZodType>(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  commandLine: CommandLineOptions<Options, Schema>,
): z.output<Schema> | "help" {
  let parsed: ParsedCommandLine<Options>;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { ...commandLine.options, ...helpOption },
      strict: true,
      allowPositionals: commandLine.allowPositionals ?? false,
    }) as ParsedCommandLine<Options>;
  } catch (error) {
    throw new ConfigError(error instanceof Error ? error.message : String(error), { cause: error });
  }
  // The generic parsed type cannot be indexed inside this function; `input` sees the precise one.
  const values: Record<string, FlagValue> = parsed.values;
  if (values.help) return "help";
  const pick = (flag: string) =>
    values[flag] ?? env[`${commandLine.envPrefix}_${flag.toUpperCase().replaceAll("-", "_")}`];
  const result = commandLine.schema.safeParse(commandLine.input(pick as PickFlag<Options>, parsed));
  if (!result.success) throw new ConfigError(result.error.issues.map((issue) => issue.message).join("; "));
  return result.data;
}

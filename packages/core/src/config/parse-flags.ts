import { delimiter } from "node:path";
import { type ParseArgsConfig, parseArgs } from "node:util";
import { ConfigError } from "./config-error.js";
import type { FlagEntries, FlagTable, FlagValues } from "./define-flags.js";
import type { FlagRow } from "./format-help.js";
import { nearestName } from "./nearest-name.js";

type RawValue = string | boolean | string[] | undefined;

/**
 * Reads a server's flags from the command line, each falling back to its environment variable
 * (flags win; an empty variable counts as unset), and checks each with its schema. Returns
 * `"help"` for `--help` (before any check). Throws a `ConfigError` naming the flag for an unknown
 * flag (with the nearest known one), a stray argument or a bad value; several problems are
 * joined with "; ".
 *
 * @example
 * const config = parseFlags(flags, process.argv.slice(2), process.env);
 * if (config === "help") process.stdout.write(flags.help);
 */
export function parseFlags<Entries extends FlagEntries>(
  table: FlagTable<Entries>,
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): FlagValues<Entries> | "help" {
  const options: NonNullable<ParseArgsConfig["options"]> = { help: { type: "boolean" } };
  for (const row of table.rows)
    options[row.name] = {
      type: row.flag.kind === "boolean" ? "boolean" : "string",
      multiple: row.flag.kind === "list",
    };
  let parsed: { values: Record<string, RawValue>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: [...argv],
      options,
      strict: true,
      allowPositionals: table.positionals !== undefined,
    }) as typeof parsed;
  } catch (error) {
    throw new ConfigError(describeParseError(error, table.rows), { cause: error });
  }
  if (parsed.values.help) return "help";

  const output: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const row of table.rows) {
    const { value, source } = rawValue(row, parsed, table.positionals?.flag, env);
    const result = row.flag.schema.safeParse(value);
    if (result.success) setAt(output, row.path, result.data);
    else
      problems.push(
        ...result.error.issues.map((issue) =>
          issue.message.startsWith("--") ? issue.message : `${source} ${issue.message}`,
        ),
      );
  }
  if (problems.length > 0) throw new ConfigError(problems.join("; "));
  return output as FlagValues<Entries>;
}

function rawValue(
  row: FlagRow,
  parsed: { values: Record<string, RawValue>; positionals: string[] },
  positionalFlag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): { value: RawValue; source: string } {
  const flagName = `--${row.name}`;
  let value = parsed.values[row.name];
  if (positionalFlag === row.path.join(".") && parsed.positionals.length > 0)
    value = [...parsed.positionals, ...((value as string[] | undefined) ?? [])];
  if (value !== undefined) return { value, source: flagName };
  const text = row.env === undefined ? undefined : env[row.env];
  if (text === undefined || text === "") return { value: undefined, source: flagName };
  const source = `${flagName} (from ${row.env})`;
  if (row.flag.kind !== "list") return { value: text, source };
  return { value: text.split(delimiter).filter((item) => item !== ""), source };
}

function describeParseError(error: unknown, rows: readonly FlagRow[]): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  const quoted = /'([^']+)'/.exec(message)?.[1];
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && quoted !== undefined) {
    const known = [...rows.map((row) => `--${row.name}`), "--help"];
    const nearest = nearestName(quoted, known);
    return `unknown flag ${quoted}${nearest ? ` (did you mean ${nearest}?)` : ""}`;
  }
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL" && quoted !== undefined)
    return `unexpected argument ${JSON.stringify(quoted)} (this server takes only flags)`;
  return message;
}

function setAt(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    node[key] ??= {};
    node = node[key] as Record<string, unknown>;
  }
  const last = path.at(-1);
  if (last !== undefined) node[last] = value;
}

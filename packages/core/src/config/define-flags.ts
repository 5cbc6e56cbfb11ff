import type { Flag } from "./flag.js";
import { type FlagRow, formatHelp } from "./format-help.js";

/** Flags, or groups of flags whose values come back as one nested object. */
export interface FlagEntries {
  readonly [key: string]: Flag | FlagEntries;
}

/** What `parseFlags` returns for a table's entries: each flag's checked value, groups nested. */
export type FlagValues<Entries extends FlagEntries> = {
  -readonly [Key in keyof Entries]: Entries[Key] extends Flag<infer Output>
    ? Output
    : Entries[Key] extends FlagEntries
      ? FlagValues<Entries[Key]>
      : never;
};

/** What a server's flag table declares. */
export interface FlagTableOptions<Entries extends FlagEntries> {
  /** The command's name, in `--help` and in error messages. */
  program: string;
  /** What the server does, a paragraph for `--help`. */
  summary: string;
  /** Prefix of each flag's environment variable: with `"WEATHER"`, `--log-level` falls back to `WEATHER_LOG_LEVEL`. */
  envPrefix: string;
  flags: Entries;
  /** Arguments that are not flags go into this top-level `list` flag (before its flag values). */
  positionals?: { flag: keyof Entries & string; usage: string } | undefined;
  /** Printed after the options in `--help`. */
  notes?: string | undefined;
}

/** A server's flags, declared once: `parseFlags` reads them, `help` documents them. */
export interface FlagTable<Entries extends FlagEntries> extends FlagTableOptions<Entries> {
  readonly rows: readonly FlagRow[];
  /** The `--help` text, made from the table. */
  readonly help: string;
}

/**
 * Declares a server's flags once, each with its type, environment variable, default and help;
 * `parseFlags` derives argv parsing, environment reading and checking from it, and `table.help`
 * is the `--help` text. A duplicate flag name or environment variable is a bug and throws.
 *
 * @example
 * export const flags = defineFlags({
 *   program: "weather",
 *   summary: "An MCP server for weather anywhere on earth.",
 *   envPrefix: "WEATHER",
 *   flags: { retries: numberFlag("Retries on 5xx", { min: 0, max: 10, default: 2 }), ...serverFlags },
 * });
 * const config = parseFlags(flags, process.argv.slice(2), process.env); // { retries, transport, ... }
 */
export function defineFlags<const Entries extends FlagEntries>(
  options: FlagTableOptions<Entries>,
): FlagTable<Entries> {
  const rows = flagRows(options.flags, [], options.envPrefix);
  const seen = new Set<string>(["--help"]);
  for (const row of rows) {
    for (const key of [`--${row.name}`, row.env]) {
      if (key === undefined) continue;
      if (seen.has(key)) throw new Error(`${options.program}: ${key} is declared twice`);
      seen.add(key);
    }
  }
  const positional =
    options.positionals && rows.find((row) => row.path.join(".") === options.positionals?.flag);
  if (options.positionals && positional?.flag.kind !== "list")
    throw new Error(`${options.program}: positionals must go into a top-level list flag`);
  return { ...options, rows, help: formatHelp(options, rows) };
}

function flagRows(entries: FlagEntries, path: readonly string[], envPrefix: string): FlagRow[] {
  return Object.entries(entries).flatMap(([key, entry]) => {
    if (!isFlag(entry)) return flagRows(entry, [...path, key], envPrefix);
    const name = entry.name ?? key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
    const env =
      entry.env === false
        ? undefined
        : `${envPrefix}_${entry.env ?? name.toUpperCase().replaceAll("-", "_")}`;
    return [{ path: [...path, key], flag: entry, name, env }];
  });
}

function isFlag(entry: Flag | FlagEntries): entry is Flag {
  return typeof entry.kind === "string" && typeof entry.help === "string" && "schema" in entry;
}

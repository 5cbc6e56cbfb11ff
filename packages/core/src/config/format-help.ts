import { delimiter } from "node:path";
import type { Flag } from "./flag.js";

/** One flag as found in a table: where its value goes and what it is called. */
export interface FlagRow {
  path: readonly string[];
  flag: Flag;
  name: string;
  env: string | undefined;
}

const WIDTH = 100;

/** The `--help` text of a flag table: usage, summary, then one entry per flag. */
export function formatHelp(
  table: {
    program: string;
    summary: string;
    positionals?: { usage: string } | undefined;
    notes?: string | undefined;
  },
  rows: readonly FlagRow[],
): string {
  const usage = `Usage: ${table.program} [options]${table.positionals ? ` ${table.positionals.usage}` : ""}`;
  const entries = rows.map((row) => {
    const placeholder = row.flag.kind === "boolean" ? "" : ` ${row.flag.placeholder ?? "<value>"}`;
    return { left: `--${row.name}${placeholder}`, right: describe(row) };
  });
  entries.push({ left: "--help", right: "Show this help" });
  const column = Math.max(...entries.map((entry) => entry.left.length)) + 4;
  const lines = entries.flatMap((entry) =>
    wrap(entry.right, WIDTH - column - 2).map((text, index) =>
      `  ${(index === 0 ? entry.left : "").padEnd(column)}${text}`.trimEnd(),
    ),
  );
  return [
    usage,
    "",
    ...wrap(table.summary, WIDTH),
    "",
    "Options (each also read from the environment variable in brackets; flags win):",
    ...lines,
    ...(table.notes ? ["", table.notes.trimEnd()] : []),
    "",
  ].join("\n");
}

function describe(row: FlagRow): string {
  const fallback = row.flag.defaultHelp ?? defaultOf(row);
  const env =
    row.env === undefined
      ? ""
      : row.flag.kind === "boolean"
        ? ` [${row.env}=1]`
        : row.flag.kind === "list"
          ? ` [${row.env}, separated by "${delimiter}"]`
          : ` [${row.env}]`;
  return `${row.flag.help}${fallback === undefined ? "" : `; default ${fallback}`}${env}`;
}

/** The schema's default, found by parsing "not given": nothing for switches, empty lists and optionals. */
function defaultOf(row: FlagRow): string | undefined {
  if (row.flag.kind !== "string") return undefined;
  const result = row.flag.schema.safeParse(undefined);
  return result.success && result.data !== undefined ? String(result.data) : undefined;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines;
}

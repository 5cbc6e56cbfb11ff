import type { Cell } from "./cells.js";

/** Widest a cell is shown in a text table; the structured result holds the whole value. */
const MAX_SHOWN_CHARS = 120;

/**
 * Rows as an aligned Markdown table, readable by people and models alike. Cells are shown on one
 * line: NULL for null, `<blob: N bytes>` for BLOBs, long text cut with "…".
 */
export function formatTable(columns: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const shown = rows.map((row) => row.map(showCell));
  const header = columns.map((column) => oneLine(column));
  const widths = header.map((title, index) =>
    Math.max(3, title.length, ...shown.map((row) => row[index]?.length ?? 0)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, index) => cell.padEnd(widths[index] ?? 0)).join(" | ")} |`;
  const rule = `|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`;
  return [line(header), rule, ...shown.map(line)].join("\n");
}

function showCell(cell: Cell): string {
  if (cell === null) return "NULL";
  if (typeof cell === "object") return `<blob: ${cell.bytes} bytes>`;
  return oneLine(String(cell));
}

function oneLine(text: string): string {
  const flat = text.replace(/\r?\n/g, "\\n").replace(/\|/g, "\\|");
  return flat.length > MAX_SHOWN_CHARS ? `${flat.slice(0, MAX_SHOWN_CHARS - 1)}…` : flat;
}

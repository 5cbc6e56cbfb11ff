const MAX_CELL = 60;

/** A plain-text table with a header row, columns padded to their widest cell. */
export function formatTable(rows: Record<string, unknown>[], columns = columnsOf(rows)): string {
  const cells = rows.map((row) => columns.map((column) => cell(row[column])));
  const widths = columns.map((column, index) =>
    Math.max(column.length, ...cells.map((line) => (line[index] ?? "").length)),
  );
  const line = (values: string[]) =>
    values
      .map((value, index) => value.padEnd(widths[index] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(columns), line(widths.map((width) => "-".repeat(width))), ...cells.map(line)].join("\n");
}

function columnsOf(rows: Record<string, unknown>[]): string[] {
  const columns = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) columns.add(key);
  return [...columns];
}

function cell(value: unknown): string {
  const text =
    value === undefined || value === null ? "" : typeof value === "string" ? value : JSON.stringify(value);
  const flat = text.replace(/\s+/g, " ");
  return flat.length > MAX_CELL ? `${flat.slice(0, MAX_CELL - 1)}…` : flat;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isScalar = (value: unknown) => value === null || ["string", "number", "boolean"].includes(typeof value);

/**
 * Structured content as a table when it reads as one: an array of objects (also when it is the
 * object's only field, as wrapped results are), or a flat object as key/value rows.
 */
export function structuredTable(value: Record<string, unknown>): string | undefined {
  const entries = Object.entries(value);
  const only = entries.length === 1 ? entries[0]?.[1] : undefined;
  const rows = Array.isArray(only) ? only : undefined;
  if (rows && rows.length > 0 && rows.every(isPlainObject)) return formatTable(rows);
  if (entries.length > 0 && entries.every(([, item]) => isScalar(item))) {
    return formatTable(
      entries.map(([key, item]) => ({ key, value: item })),
      ["key", "value"],
    );
  }
  return undefined;
}

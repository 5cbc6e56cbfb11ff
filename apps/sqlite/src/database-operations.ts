import type Database from "better-sqlite3";
import { type Cell, toCell } from "./cells.js";
import { compile, prepareQuery, QueryError, toQueryError } from "./read-only-database.js";

/** Bound parameters: for `?` an array; for `:name`, `@name`, `$name` or `?1` an object keyed by name or number. */
export type Parameters = Array<ParameterValue> | Record<string, ParameterValue>;
export type ParameterValue = string | number | boolean | null;

/** A `query` call: one read-only statement, and which of its rows to send back. */
export interface QueryJob {
  op: "query";
  sql: string;
  params?: Parameters | undefined;
  offset: number;
  maxRows: number;
}

/** One unit of work for a query process; see `runJob`. */
export type Job =
  | QueryJob
  | { op: "list_tables" }
  | { op: "table_names" }
  | { op: "schema_sql" }
  | { op: "describe_table"; table: string }
  | { op: "explain_query"; sql: string; params?: Parameters | undefined };

export interface QueryResult {
  columns: string[];
  rows: Cell[][];
  row_count: number;
  truncated: boolean;
  offset: number;
  next_offset?: number;
}

export interface TableSummary {
  name: string;
  type: "table" | "view";
  row_count: number;
  column_count: number;
}

export interface TableDescription {
  name: string;
  type: "table" | "view";
  row_count: number;
  columns: Array<{ name: string; type: string; nullable: boolean; default: Cell; primary_key: number }>;
  foreign_keys: Array<{
    columns: string[];
    references_table: string;
    references_columns: Array<string | null>;
  }>;
  indexes: Array<{
    name: string;
    unique: boolean;
    origin: string;
    partial: boolean;
    columns: Array<string | null>;
  }>;
  sql: string | null;
}

export interface QueryPlan {
  plan: Array<{ id: number; parent: number; detail: string }>;
}

/** Rows sent back in one answer stop growing past this many characters of JSON (`truncated`). */
const MAX_RESULT_CHARS = 1_000_000;

/** Runs one job on a connection opened by `openReadOnlyDatabase`. */
export function runJob(db: Database.Database, job: Job): unknown {
  try {
    switch (job.op) {
      case "query":
        return runQuery(db, job.sql, job.params, job.offset, job.maxRows);
      case "list_tables":
        return listTables(db);
      case "table_names":
        return tableEntries(db).map((entry) => entry.name);
      case "schema_sql":
        return schemaSql(db);
      case "describe_table":
        return describeTable(db, job.table);
      case "explain_query":
        return explainQuery(db, job.sql, job.params);
    }
  } catch (error) {
    throw toQueryError(error);
  }
}

function runQuery(
  db: Database.Database,
  sql: string,
  params: Parameters | undefined,
  offset: number,
  maxRows: number,
): QueryResult {
  const statement = prepareQuery(db, sql).raw(true);
  const columns = statement.columns().map((column) => column.name);
  const rows: Cell[][] = [];
  let size = 0;
  let seen = 0;
  let truncated = false;
  for (const row of statement.iterate(...bindings(params)) as Iterable<unknown[]>) {
    seen += 1;
    if (seen <= offset) continue;
    if (rows.length === maxRows || size > MAX_RESULT_CHARS) {
      truncated = true;
      break;
    }
    const cells = row.map(toCell);
    size += JSON.stringify(cells).length;
    rows.push(cells);
  }
  const result: QueryResult = { columns, rows, row_count: rows.length, truncated, offset };
  if (truncated) result.next_offset = offset + rows.length;
  return result;
}

/** User tables and views (SQLite's own `sqlite_*` tables left out), by name. */
function tableEntries(
  db: Database.Database,
): Array<{ name: string; type: "table" | "view"; sql: string | null }> {
  return db
    .prepare(
      "SELECT name, type, sql FROM sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
    )
    .all() as Array<{ name: string; type: "table" | "view"; sql: string | null }>;
}

/** Every CREATE statement of the schema (tables, views, indexes, triggers), tables first. */
function schemaSql(db: Database.Database): string {
  const statements = db
    .prepare(
      "SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' " +
        "ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'view' THEN 1 WHEN 'index' THEN 2 ELSE 3 END, name",
    )
    .pluck()
    .all() as string[];
  return statements.map((statement) => `${statement};`).join("\n\n");
}

function listTables(db: Database.Database): TableSummary[] {
  const entries = tableEntries(db);
  const countColumns = db.prepare("SELECT count(*) FROM pragma_table_xinfo(?)").pluck();
  return entries.map(({ name, type }) => ({
    name,
    type,
    row_count: countRows(db, name),
    column_count: Number(countColumns.get(name)),
  }));
}

function describeTable(db: Database.Database, table: string): TableDescription {
  const entry = db
    .prepare(
      "SELECT name, type, sql FROM sqlite_schema WHERE type IN ('table', 'view') AND name = ? COLLATE NOCASE",
    )
    .get(table) as { name: string; type: "table" | "view"; sql: string | null } | undefined;
  if (!entry) {
    const names = tableEntries(db).map((summary) => summary.name);
    throw new QueryError(
      "MCPKIT_NO_SUCH_TABLE",
      `There is no table or view named "${table}". Tables and views: ${names.join(", ") || "(none)"}.`,
    );
  }
  const { name } = entry;
  const columns = db
    .prepare(
      'SELECT name, type, "notnull" AS not_null, dflt_value, pk FROM pragma_table_xinfo(?) ORDER BY cid',
    )
    .all(name) as Array<{
    name: string;
    type: string;
    not_null: bigint;
    dflt_value: string | null;
    pk: bigint;
  }>;
  const keys = db
    .prepare(
      'SELECT id, "table" AS target, "from" AS source, "to" AS destination FROM pragma_foreign_key_list(?) ORDER BY id, seq',
    )
    .all(name) as Array<{ id: bigint; target: string; source: string; destination: string | null }>;
  const foreignKeys = new Map<bigint, TableDescription["foreign_keys"][number]>();
  for (const key of keys) {
    const entryForKey = foreignKeys.get(key.id) ?? {
      columns: [],
      references_table: key.target,
      references_columns: [],
    };
    entryForKey.columns.push(key.source);
    entryForKey.references_columns.push(key.destination);
    foreignKeys.set(key.id, entryForKey);
  }
  const indexColumns = db.prepare("SELECT name FROM pragma_index_info(?) ORDER BY seqno").pluck();
  const indexes = (
    db
      .prepare('SELECT name, "unique", origin, partial FROM pragma_index_list(?) ORDER BY name')
      .all(name) as Array<{
      name: string;
      unique: bigint;
      origin: string;
      partial: bigint;
    }>
  ).map((index) => ({
    name: index.name,
    unique: index.unique === 1n,
    origin: index.origin,
    partial: index.partial === 1n,
    columns: indexColumns.all(index.name) as Array<string | null>,
  }));
  return {
    name,
    type: entry.type,
    row_count: countRows(db, name),
    columns: columns.map((column) => ({
      name: column.name,
      type: column.type,
      nullable: column.not_null === 0n && column.pk === 0n,
      default: column.dflt_value,
      primary_key: Number(column.pk),
    })),
    foreign_keys: [...foreignKeys.values()],
    indexes,
    sql: entry.sql,
  };
}

function explainQuery(db: Database.Database, sql: string, params: Parameters | undefined): QueryPlan {
  prepareQuery(db, sql);
  // Safe to prefix: prepareQuery proved `sql` is exactly one read-only query.
  const rows = compile(db, `EXPLAIN QUERY PLAN ${sql}`).all(...bindings(params)) as Array<{
    id: bigint;
    parent: bigint;
    detail: string;
  }>;
  return {
    plan: rows.map((row) => ({ id: Number(row.id), parent: Number(row.parent), detail: row.detail })),
  };
}

/** Row count of a table or view whose name came from sqlite_schema, quoted as an identifier. */
function countRows(db: Database.Database, name: string): number {
  return Number(
    db
      .prepare(`SELECT count(*) FROM ${quoteIdentifier(name)}`)
      .pluck()
      .get(),
  );
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Parameters as better-sqlite3 arguments: whole numbers bind as 64-bit integers, booleans as 0/1. */
export function bindings(params: Parameters | undefined): unknown[] {
  if (params === undefined) return [];
  if (Array.isArray(params)) return params.map(toBinding);
  return [
    Object.fromEntries(
      Object.entries(params).map(([key, value]) => [key.replace(/^[:@$?]/, ""), toBinding(value)]),
    ),
  ];
}

function toBinding(value: ParameterValue): unknown {
  if (typeof value === "boolean") return value ? 1n : 0n;
  if (typeof value === "number" && Number.isSafeInteger(value)) return BigInt(value);
  return value;
}

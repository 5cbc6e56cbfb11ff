import { fileURLToPath } from "node:url";
import { FastMCP, type ServerLogLevel, ToolError, userMessage } from "@mcpkit/core";
import { z } from "zod";
import { MAX_BLOB_BYTES, MAX_TEXT_CHARS } from "./cells.js";
import type {
  Job,
  QueryJob,
  QueryPlan,
  QueryResult,
  TableDescription,
  TableSummary,
} from "./database-operations.js";
import { InlineQueries } from "./inline-queries.js";
import { JobError, QueryPool } from "./query-pool.js";
import { QueryError } from "./read-only-database.js";
import { ensureSampleDatabase, SAMPLE_DATABASE_PATH } from "./sample-database.js";
import { formatTable } from "./text-table.js";

export interface SqliteServerOptions {
  /**
   * The SQLite file to serve; it must exist and is only ever opened read-only. Defaults to the
   * embedded sample shop database (generated on first start), as the app's `--db` does, so that a
   * server made with no options (`mcpkit run apps/sqlite/src/server.ts`) serves something real.
   */
  databasePath?: string;
  /** Wall-clock limit for each call, in milliseconds. Defaults to 10 000. */
  timeoutMs?: number;
  /** The most rows one `query` call may return (its `max_rows` ceiling). Defaults to 1 000. */
  maxRows?: number;
  /** Calls that may run at once, each in its own query process. Defaults to 4. */
  maxProcesses?: number;
  logLevel?: ServerLogLevel;
}

const DEFAULT_ROWS = 100;

const parameterValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const parameters = z
  .union([z.array(parameterValue), z.record(z.string(), parameterValue)])
  .optional()
  .describe(
    "Values bound to the placeholders, never pasted into the SQL: an array for ?, an object for :name, @name, $name " +
      'or ?1 (keys with or without the prefix, e.g. {"name": "Ada", "1": 5}). ' +
      "Pass integers beyond 2^53 as decimal strings.",
  );
const cell = z.union([
  z.string(),
  z.number(),
  z.null(),
  z.object({ base64: z.string(), bytes: z.number(), truncated: z.literal(true).optional() }),
]);
const queryOutput = z.object({
  columns: z.array(z.string()),
  rows: z.array(z.array(cell)),
  row_count: z.number(),
  truncated: z.boolean(),
  offset: z.number(),
  next_offset: z.number().optional(),
});

/**
 * A read-only SQLite query server: tools to list, describe and query the tables of one database
 * file, the schema as resources, and a prompt for exploring an unfamiliar database. Every call runs
 * in a separate query process with a time limit, except queries whose compiled program cannot loop
 * (point lookups), which run in this process; see README "Security model".
 */
export function createSqliteServer(options: SqliteServerOptions = {}): FastMCP {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxRows = options.maxRows ?? 1_000;
  // One pool per served lifetime: the lifespan starts and closes it; a restart gets a new one.
  let pool: QueryPool | undefined;
  let inline: InlineQueries | undefined;
  const run = async <T>(job: Job, signal?: AbortSignal): Promise<T> => {
    if (!pool) throw new ToolError("The server is not running.");
    try {
      return (await pool.run(job, signal)) as T;
    } catch (error) {
      throw asToolError(error);
    }
  };
  /** A query SQLite proves cannot loop runs in this process; any other goes to a query process. */
  const runQuery = (job: QueryJob, signal: AbortSignal): Promise<QueryResult> | QueryResult => {
    try {
      return inline?.tryRun(job) ?? run<QueryResult>(job, signal);
    } catch (error) {
      throw asToolError(error);
    }
  };

  const mcp = new FastMCP({
    name: "sqlite",
    version: "0.1.0",
    instructions:
      "Read-only access to one SQLite database. Start with list_tables and describe_table (or the schema://tables " +
      "resource), then answer questions with query. Nothing you run can change the data.",
    maskErrorDetails: true,
    logLevel: options.logLevel ?? "info",
    lifespan: () => {
      const databasePath = options.databasePath ?? fileURLToPath(SAMPLE_DATABASE_PATH);
      if (options.databasePath === undefined) ensureSampleDatabase(databasePath);
      const started = new QueryPool({
        databasePath,
        timeoutMs,
        maxProcesses: options.maxProcesses ?? 4,
      });
      started.warm();
      pool = started;
      const startedInline = new InlineQueries(databasePath);
      inline = startedInline;
      return async () => {
        if (pool === started) pool = undefined;
        if (inline === startedInline) inline = undefined;
        startedInline.close();
        await started.close();
      };
    },
  });

  const readOnly = { readOnlyHint: true, idempotentHint: true, openWorldHint: false };
  mcp.tool(
    {
      name: "query",
      title: "Run a read-only SQL query",
      description:
        "Run one read-only SQL statement (SELECT, WITH ... SELECT or VALUES) in SQLite's dialect and get its rows. " +
        `At most max_rows rows come back (default ${Math.min(DEFAULT_ROWS, maxRows)}, at most ${maxRows}); when truncated ` +
        "is true, call again with offset set to next_offset for the next page. Rows are arrays in the order of columns. " +
        "Integers beyond 2^53 come back as decimal strings so no digit is lost; BLOBs as {base64, bytes} " +
        `(the first ${MAX_BLOB_BYTES} bytes); text longer than ${MAX_TEXT_CHARS} characters is cut and marked. ` +
        `A statement still running after ${timeoutMs} ms is stopped. Writes, PRAGMA, ATTACH and multiple statements are refused.`,
      input: {
        sql: z
          .string()
          .describe("One SQL query, e.g. SELECT name, price FROM products WHERE price > ? ORDER BY price"),
        params: parameters,
        max_rows: z.number().int().min(1).max(maxRows).optional().describe(`Rows to return, 1-${maxRows}`),
        offset: z
          .number()
          .int()
          .min(0)
          .default(0)
          .describe("Rows to skip, for paging: the next_offset of the previous page"),
      },
      output: queryOutput,
      annotations: { title: "Run a read-only SQL query", ...readOnly },
    },
    async ({ sql, params, max_rows, offset }, ctx) => {
      const job: QueryJob = {
        op: "query",
        sql,
        params,
        offset,
        maxRows: max_rows ?? Math.min(DEFAULT_ROWS, maxRows),
      };
      const result = await runQuery(job, ctx.signal);
      return {
        content: [{ type: "text" as const, text: describeRows(result) }],
        structuredContent: { ...result },
      };
    },
  );

  mcp.tool(
    {
      name: "list_tables",
      title: "List tables",
      description: "List the database's tables and views with their row and column counts.",
      annotations: { title: "List tables", ...readOnly },
    },
    async (_args, ctx) => {
      const tables = await run<TableSummary[]>({ op: "list_tables" }, ctx.signal);
      const rows = tables.map((table) => [table.name, table.type, table.row_count, table.column_count]);
      const text = formatTable(["name", "type", "rows", "columns"], rows);
      return { content: [{ type: "text" as const, text }], structuredContent: { tables } };
    },
  );

  mcp.tool(
    {
      name: "describe_table",
      title: "Describe a table",
      description:
        "Describe one table or view: its columns (type, nullability, default, primary key), foreign keys, indexes, " +
        "row count and CREATE statement.",
      input: { table: z.string().min(1).describe("Table or view name, as list_tables shows it") },
      annotations: { title: "Describe a table", ...readOnly },
    },
    async ({ table }, ctx) => {
      const description = await run<TableDescription>({ op: "describe_table", table }, ctx.signal);
      return {
        content: [{ type: "text" as const, text: describeTable(description) }],
        structuredContent: { ...description },
      };
    },
  );

  mcp.tool(
    {
      name: "explain_query",
      title: "Explain a query plan",
      description:
        "Show SQLite's query plan (EXPLAIN QUERY PLAN) for a query without running it: which indexes it uses and " +
        "where it scans whole tables. The query must pass the same read-only checks as query.",
      input: { sql: z.string().describe("The query to explain"), params: parameters },
      annotations: { title: "Explain a query plan", ...readOnly },
    },
    async ({ sql, params }, ctx) => {
      const { plan } = await run<QueryPlan>({ op: "explain_query", sql, params }, ctx.signal);
      return { content: [{ type: "text" as const, text: planTree(plan) }], structuredContent: { plan } };
    },
  );

  const tableNames = () => run<string[]>({ op: "table_names" });
  mcp.resource(
    "schema://tables",
    {
      name: "schema",
      title: "Database schema",
      description: "Every CREATE statement of the database: tables, views, indexes and triggers.",
      mimeType: "application/sql",
    },
    () => run<string>({ op: "schema_sql" }),
  );
  mcp.resource(
    "schema://tables/{table}",
    {
      name: "table",
      title: "One table's schema",
      description: "One table or view, described as describe_table does, as JSON.",
      mimeType: "application/json",
      complete: {
        table: async (value) =>
          (await tableNames()).filter((name) => name.toLowerCase().startsWith(value.toLowerCase())),
      },
      list: async () =>
        (await tableNames()).map((name) => ({
          uri: `schema://tables/${encodeURIComponent(name)}`,
          name,
          mimeType: "application/json",
        })),
    },
    ({ table }) => run<TableDescription>({ op: "describe_table", table }),
  );

  mcp.prompt(
    {
      name: "explore_database",
      title: "Explore this database",
      description:
        "Get oriented in a database you have not seen: its tables, how they relate, and what to ask of it.",
      args: {
        goal: z.string().optional().describe("What you want to find out, e.g. 'which products sell best'"),
      },
    },
    async ({ goal }) => {
      const tables = await run<TableSummary[]>({ op: "list_tables" });
      const listing = tables
        .map((table) => `- ${table.name} (${table.type}, ${table.row_count} rows)`)
        .join("\n");
      return userMessage(
        [
          "You are connected to a read-only SQLite database. Its tables and views:",
          listing || "- (none)",
          "",
          "Get oriented before answering:",
          "1. Call describe_table on the tables that look relevant (or read schema://tables) to learn columns and foreign keys.",
          "2. Look at a few rows with query (SELECT * FROM <table> LIMIT 5) to see what the values look like.",
          "3. Follow the foreign keys to write joins; aggregate with GROUP BY; bind values with params.",
          "4. When a query is slow, check it with explain_query; results come in pages (offset / next_offset).",
          "",
          goal
            ? `Then answer: ${goal}. Show the SQL you used and say how sure you are.`
            : "Then summarise what this database records and suggest five questions it can answer, each with its SQL.",
        ].join("\n"),
      );
    },
  );

  return mcp;
}

function describeRows(result: QueryResult): string {
  const table = formatTable(result.columns, result.rows);
  const first = result.offset + 1;
  const range = result.row_count === 0 ? "No rows" : `Rows ${first}-${result.offset + result.row_count}`;
  const more = result.truncated ? `; more rows follow: call again with offset ${result.next_offset}` : "";
  return `${table}\n${range}${more}.`;
}

function describeTable(table: TableDescription): string {
  const columns = formatTable(
    ["column", "type", "nullable", "default", "primary key"],
    table.columns.map((column) => [
      column.name,
      column.type,
      column.nullable ? "yes" : "no",
      column.default,
      column.primary_key > 0 ? String(column.primary_key) : "",
    ]),
  );
  const keys = table.foreign_keys.map(
    (key) => `- (${key.columns.join(", ")}) -> ${key.references_table}(${key.references_columns.join(", ")})`,
  );
  const indexes = table.indexes.map(
    (index) => `- ${index.name}${index.unique ? " UNIQUE" : ""} (${index.columns.join(", ")})`,
  );
  return [
    `${table.type} ${table.name}: ${table.row_count} rows`,
    "",
    columns,
    "",
    `Foreign keys:\n${keys.join("\n") || "- none"}`,
    "",
    `Indexes:\n${indexes.join("\n") || "- none"}`,
    "",
    `${table.sql ?? ""};`,
  ].join("\n");
}

function planTree(plan: QueryPlan["plan"]): string {
  const depth = new Map<number, number>([[0, -1]]);
  return plan
    .map((step) => {
      const level = (depth.get(step.parent) ?? -1) + 1;
      depth.set(step.id, level);
      return `${"  ".repeat(level)}${step.detail}`;
    })
    .join("\n");
}

/** A failed job as the message the model sees, with its code (SQLite's, or one of ours). */
function asToolError(error: unknown): unknown {
  if (error instanceof JobError || error instanceof QueryError)
    return new ToolError(`${error.message} [${error.code}]`, { cause: error });
  return error;
}

import type { FastMCP } from "@mcpkit/core";
import { z } from "zod";
import type { QueryPlan, TableDescription, TableSummary } from "../database-operations.js";
import { formatTable } from "../text-table.js";
import { parameters, READ_ONLY, type SqliteDeps } from "./sqlite-deps.js";

/** list_tables, describe_table and explain_query: what is in the database and how a query runs. */
export function registerSchemaTools(mcp: FastMCP, { runner }: SqliteDeps): void {
  mcp.tool(
    {
      name: "list_tables",
      title: "List tables",
      description: "List the database's tables and views with their row and column counts.",
      annotations: { title: "List tables", ...READ_ONLY },
    },
    async (_args, ctx) => {
      const tables = await runner.run<TableSummary[]>({ op: "list_tables" }, ctx.signal);
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
      annotations: { title: "Describe a table", ...READ_ONLY },
    },
    async ({ table }, ctx) => {
      const description = await runner.run<TableDescription>({ op: "describe_table", table }, ctx.signal);
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
      annotations: { title: "Explain a query plan", ...READ_ONLY },
    },
    async ({ sql, params }, ctx) => {
      const { plan } = await runner.run<QueryPlan>({ op: "explain_query", sql, params }, ctx.signal);
      return { content: [{ type: "text" as const, text: planTree(plan) }], structuredContent: { plan } };
    },
  );
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

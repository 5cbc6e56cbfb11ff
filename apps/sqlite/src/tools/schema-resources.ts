import type { FastMCP } from "@mcpkit/core";
import type { TableDescription } from "../database-operations.js";
import type { SqliteDeps } from "./sqlite-deps.js";

/** schema://tables (every CREATE statement) and schema://tables/{table} (one table, as JSON). */
export function registerSchemaResources(mcp: FastMCP, { runner }: SqliteDeps): void {
  const tableNames = () => runner.run<string[]>({ op: "table_names" });
  mcp.resource(
    "schema://tables",
    {
      name: "schema",
      title: "Database schema",
      description: "Every CREATE statement of the database: tables, views, indexes and triggers.",
      mimeType: "application/sql",
    },
    () => runner.run<string>({ op: "schema_sql" }),
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
    ({ table }) => runner.run<TableDescription>({ op: "describe_table", table }),
  );
}

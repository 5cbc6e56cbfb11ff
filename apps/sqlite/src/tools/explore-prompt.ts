import { type FastMCP, userMessage } from "@mcpkit/core";
import { z } from "zod";
import type { TableSummary } from "../database-operations.js";
import type { SqliteDeps } from "./sqlite-deps.js";

export function registerExplorePrompt(mcp: FastMCP, { runner }: SqliteDeps): void {
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
      const tables = await runner.run<TableSummary[]>({ op: "list_tables" });
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
}

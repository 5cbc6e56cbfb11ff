import type { FastMCP } from "@mcpkit/core";
import { z } from "zod";
import { MAX_BLOB_BYTES, MAX_TEXT_CHARS } from "../cells.js";
import type { QueryJob, QueryResult } from "../database-operations.js";
import { formatTable } from "../text-table.js";
import { parameters, READ_ONLY, type SqliteDeps } from "./sqlite-deps.js";

const DEFAULT_ROWS = 100;

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

export function registerQuery(mcp: FastMCP, { runner, timeoutMs, maxRows }: SqliteDeps): void {
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
      annotations: { title: "Run a read-only SQL query", ...READ_ONLY },
    },
    async ({ sql, params, max_rows, offset }, ctx) => {
      const job: QueryJob = {
        op: "query",
        sql,
        params,
        offset,
        maxRows: max_rows ?? Math.min(DEFAULT_ROWS, maxRows),
      };
      const result = await runner.runQuery(job, ctx.signal);
      return {
        content: [{ type: "text" as const, text: describeRows(result) }],
        structuredContent: { ...result },
      };
    },
  );
}

function describeRows(result: QueryResult): string {
  const table = formatTable(result.columns, result.rows);
  const first = result.offset + 1;
  const range = result.row_count === 0 ? "No rows" : `Rows ${first}-${result.offset + result.row_count}`;
  const more = result.truncated ? `; more rows follow: call again with offset ${result.next_offset}` : "";
  return `${table}\n${range}${more}.`;
}

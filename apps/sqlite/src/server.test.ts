import { Client } from "@mcpkit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BIG_BLOB,
  connectServer,
  createFixtureDatabase,
  LONG_TEXT,
  type TestServer,
  temporaryDirectory,
  textOf,
} from "./test-support.js";

const directory = temporaryDirectory();
let connection: TestServer;

beforeAll(async () => {
  connection = await connectServer({ databasePath: createFixtureDatabase(directory.path), maxRows: 200 });
});
afterAll(async () => {
  await connection[Symbol.asyncDispose]();
  directory[Symbol.dispose]();
});

const call = (name: string, args: Record<string, unknown> = {}) => connection.client.callTool(name, args);
const rowsOf = async (sql: string, extra: Record<string, unknown> = {}) => {
  const result = await call("query", { sql, ...extra });
  expect(result.isError, textOf(result)).toBeFalsy();
  return result.structuredContent as {
    columns: string[];
    rows: unknown[][];
    row_count: number;
    truncated: boolean;
    next_offset?: number;
  };
};

describe("tools/list", () => {
  it("offers the four read-only tools with the output schema for query", async () => {
    const tools = await connection.client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual([
      "describe_table",
      "explain_query",
      "list_tables",
      "query",
    ]);
    for (const tool of tools) expect(tool.annotations?.readOnlyHint).toBe(true);
    const query = tools.find((tool) => tool.name === "query");
    expect(query?.outputSchema?.properties).toHaveProperty("truncated");
    expect(query?.description).toContain("decimal strings");
    expect(query?.inputSchema.properties).toHaveProperty("max_rows.maximum", 200);
  });
});

describe("query", () => {
  it("returns columns, rows and a readable table", async () => {
    const result = await call("query", { sql: "SELECT id, name FROM items WHERE id <= 2 ORDER BY id" });
    expect(result.structuredContent).toEqual({
      columns: ["id", "name"],
      rows: [
        [1, "max int64"],
        [2, "min int64"],
      ],
      row_count: 2,
      truncated: false,
      offset: 0,
    });
    expect(textOf(result)).toBe(
      [
        "| id  | name      |",
        "|-----|-----------|",
        "| 1   | max int64 |",
        "| 2   | min int64 |",
        "Rows 1-2.",
      ].join("\n"),
    );
  });

  it("keeps every digit of 64-bit integers by sending the unsafe ones as strings", async () => {
    const { rows } = await rowsOf("SELECT big FROM items ORDER BY id");
    expect(rows).toEqual([["9223372036854775807"], ["-9223372036854775808"], ["9007199254740993"], [42]]);
  });

  it("binds big integers passed as strings, and numbers as integers", async () => {
    const { rows } = await rowsOf("SELECT id FROM items WHERE big = ?", { params: ["9007199254740993"] });
    expect(rows).toEqual([[3]]);
    const typed = await rowsOf("SELECT typeof(?), ? + 1, typeof(?), ?", { params: [5, 5, 2.5, true] });
    expect(typed.rows).toEqual([["integer", 6, "real", 1]]);
    const numbered = await rowsOf("SELECT ?1 * 2, ?1 + ?2", { params: { "1": 21, "?2": 1 } });
    expect(numbered.rows).toEqual([[42, 22]]);
  });

  it("binds named parameters with or without their prefix", async () => {
    const { rows } = await rowsOf("SELECT name FROM items WHERE id = :id OR id = @other", {
      params: { id: 1, "@other": 4 },
    });
    expect(rows).toEqual([["max int64"], ["small"]]);
  });

  it("treats a value in params as data, never as SQL", async () => {
    const { rows } = await rowsOf("SELECT count(*) FROM items WHERE name = ?", { params: ["x' OR '1'='1"] });
    expect(rows).toEqual([[0]]);
  });

  it("sends BLOBs as base64 with their size, cut past 1 KiB", async () => {
    const { rows } = await rowsOf("SELECT data FROM items WHERE id IN (1, 2) ORDER BY id");
    expect(rows[0]).toEqual([{ base64: "AAEC", bytes: 3 }]);
    expect(rows[1]).toEqual([
      { base64: BIG_BLOB.subarray(0, 1024).toString("base64"), bytes: 5000, truncated: true },
    ]);
    const text = textOf(await call("query", { sql: "SELECT data FROM items WHERE id = 2" }));
    expect(text).toContain("<blob: 5000 bytes>");
  });

  it("cuts long text with a visible marker", async () => {
    const { rows } = await rowsOf("SELECT note FROM items WHERE id = 2");
    const note = rows[0]?.[0] as string;
    expect(note.startsWith(LONG_TEXT.slice(0, 2000))).toBe(true);
    expect(note).toContain("[truncated: 5000 characters in all]");
    expect(note.length).toBeLessThan(2100);
  });

  it("shows NULL, pipes and newlines on one line in the text table", async () => {
    const text = textOf(
      await call("query", { sql: 'SELECT "select", NULL AS empty FROM "odd ""quoted"" name" ORDER BY 1' }),
    );
    expect(text).toBe(
      [
        "| select             | empty |",
        "|--------------------|-------|",
        "| line one\\nline two | NULL  |",
        "| x\\|y               | NULL  |",
        "Rows 1-2.",
      ].join("\n"),
    );
  });

  it("caps rows at 100 by default and pages on with offset", async () => {
    const first = await rowsOf("SELECT n FROM numbers ORDER BY n");
    expect(first).toMatchObject({ row_count: 100, truncated: true, next_offset: 100 });
    expect(first.rows[99]).toEqual([100]);
    const last = await rowsOf("SELECT n FROM numbers ORDER BY n", { offset: 200, max_rows: 100 });
    expect(last).toMatchObject({ row_count: 50, truncated: false });
    expect(last.rows[0]).toEqual([201]);
    expect(last.next_offset).toBeUndefined();
    const text = textOf(await call("query", { sql: "SELECT n FROM numbers", max_rows: 2, offset: 10 }));
    expect(text).toMatch(/Rows 11-12; more rows follow: call again with offset 12\.$/);
  });

  it("says when a page is exactly the last one", async () => {
    const page = await rowsOf("SELECT n FROM numbers", { offset: 150, max_rows: 100 });
    expect(page).toMatchObject({ row_count: 100, truncated: false });
    const none = await call("query", { sql: "SELECT n FROM numbers WHERE n > 1000" });
    expect(textOf(none)).toMatch(/No rows\.$/);
  });

  it("stops an answer growing past about 1 MB and pages on from there", async () => {
    const wide =
      "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 200) " +
      "SELECT n, printf('%.2000c', 'a') AS a, printf('%.2000c', 'b') AS b, printf('%.2000c', 'c') AS c FROM c";
    const first = await rowsOf(wide, { max_rows: 200 });
    expect(first.truncated).toBe(true);
    expect(first.row_count).toBeGreaterThan(100);
    expect(first.row_count).toBeLessThan(200);
    expect(JSON.stringify(first.rows).length).toBeLessThan(1_100_000);
    const rest = await rowsOf(wide, { max_rows: 200, offset: first.next_offset });
    expect(rest.rows[0]?.[0]).toBe(first.row_count + 1);
    expect(rest.truncated).toBe(false);
  });

  it("refuses max_rows above the configured maximum, and a negative offset", async () => {
    const tooMany = await call("query", { sql: "SELECT 1", max_rows: 201 });
    expect(tooMany.isError).toBe(true);
    expect(textOf(tooMany)).toContain("max_rows");
    const negative = await call("query", { sql: "SELECT 1", offset: -1 });
    expect(negative.isError).toBe(true);
    expect(textOf(negative)).toContain("offset");
  });

  it("reports SQLite's message and code, and no stack", async () => {
    const result = await call("query", { sql: "SELECT * FROM missing_table" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe("no such table: missing_table [SQLITE_ERROR]");
    const syntax = await call("query", { sql: "SELECT FROM WHERE" });
    expect(textOf(syntax)).toMatch(/syntax error \[SQLITE_ERROR\]$/);
  });

  it("explains missing or wrong parameters", async () => {
    const missing = await call("query", { sql: "SELECT ? + ?", params: [1] });
    expect(missing.isError).toBe(true);
    expect(textOf(missing)).toMatch(/Too few parameter values were provided \[MCPKIT_BAD_PARAMETERS\]/);
    const named = await call("query", { sql: "SELECT :a", params: { b: 1 } });
    expect(textOf(named)).toContain("[MCPKIT_BAD_PARAMETERS]");
  });
});

describe("list_tables and describe_table", () => {
  it("lists tables and views with row and column counts", async () => {
    const result = await call("list_tables");
    expect(result.structuredContent).toEqual({
      tables: [
        { name: "big_items", type: "view", row_count: 4, column_count: 2 },
        { name: "items", type: "table", row_count: 4, column_count: 5 },
        { name: "numbers", type: "table", row_count: 250, column_count: 1 },
        { name: 'odd "quoted" name', type: "table", row_count: 2, column_count: 2 },
        { name: "parent", type: "table", row_count: 2, column_count: 2 },
      ],
    });
    expect(textOf(result)).toContain("| numbers           | table | 250  | 1       |");
  });

  it("describes columns, keys and indexes of a table whose name needs quoting", async () => {
    const result = await call("describe_table", { table: 'odd "quoted" name' });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({
      name: 'odd "quoted" name',
      type: "table",
      row_count: 2,
      columns: [
        { name: "parent_id", type: "INTEGER", nullable: true, default: null, primary_key: 0 },
        { name: "select", type: "TEXT", nullable: true, default: null, primary_key: 0 },
      ],
      foreign_keys: [{ columns: ["parent_id"], references_table: "parent", references_columns: ["id"] }],
      indexes: [
        { name: "odd_by_parent", unique: false, origin: "c", partial: false, columns: ["parent_id"] },
      ],
    });
    expect(textOf(result)).toContain("- (parent_id) -> parent(id)");
  });

  it("describes primary keys, NOT NULL, defaults and UNIQUE constraints, case-insensitively", async () => {
    const items = await call("describe_table", { table: "ITEMS" });
    expect(items.structuredContent).toMatchObject({
      name: "items",
      columns: [
        { name: "id", nullable: false, primary_key: 1 },
        { name: "name", nullable: false },
        { name: "big" },
        { name: "data", type: "BLOB" },
        { name: "note", default: "'none'" },
      ],
      sql: expect.stringContaining("CREATE TABLE items"),
    });
    const view = await call("describe_table", { table: "big_items" });
    expect(view.structuredContent).toMatchObject({
      type: "view",
      row_count: 4,
      foreign_keys: [],
      indexes: [],
    });
    expect(textOf(view)).toMatch(/^view big_items: 4 rows/);
    const parent = await call("describe_table", { table: "parent" });
    expect(parent.structuredContent).toMatchObject({
      indexes: [{ unique: true, origin: "u", columns: ["code"] }],
    });
  });

  it("names the tables that exist when the table is unknown, and treats the name as data", async () => {
    for (const table of ["nope", 'items"; DROP TABLE items; --']) {
      const result = await call("describe_table", { table });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain("Tables and views: big_items, items, numbers");
      expect(textOf(result)).toContain("[MCPKIT_NO_SUCH_TABLE]");
    }
  });
});

describe("explain_query", () => {
  it("shows the plan as an indented tree", async () => {
    const result = await call("explain_query", {
      sql: 'SELECT * FROM "odd ""quoted"" name" o JOIN parent p ON p.id = o.parent_id WHERE p.code = ?',
      params: ["a"],
    });
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(textOf(result)).toMatch(/SEARCH p USING (COVERING )?INDEX sqlite_autoindex_parent_1 \(code=\?\)/);
    expect(textOf(result)).toMatch(/SEARCH o USING INDEX odd_by_parent \(parent_id=\?\)/);
    const nested = await call("explain_query", {
      sql: "SELECT * FROM items WHERE id IN (SELECT n FROM numbers)",
    });
    expect(textOf(nested)).toMatch(/\n {2}\S/);
  });

  it("applies the read-only checks to what it explains", async () => {
    const result = await call("explain_query", { sql: "DELETE FROM items" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("[MCPKIT_NOT_A_QUERY]");
    const hidden = await call("explain_query", { sql: "WITH x AS (SELECT 1) DELETE FROM items" });
    expect(textOf(hidden)).toContain("[MCPKIT_WRITE_REFUSED]");
  });
});

describe("resources", () => {
  it("serves the whole schema as SQL at schema://tables", async () => {
    const { contents } = await connection.client.readResource("schema://tables");
    expect(contents[0]).toMatchObject({ uri: "schema://tables", mimeType: "application/sql" });
    const text = (contents[0] as { text: string }).text;
    expect(text).toContain("CREATE TABLE items (");
    expect(text).toContain("CREATE VIEW big_items AS");
    expect(text).toContain("CREATE INDEX odd_by_parent");
    expect(text.indexOf("CREATE TABLE")).toBeLessThan(text.indexOf("CREATE VIEW"));
  });

  it("serves one table at schema://tables/{table}, lists them and completes their names", async () => {
    const { contents } = await connection.client.readResource("schema://tables/parent");
    expect(JSON.parse((contents[0] as { text: string }).text)).toMatchObject({
      name: "parent",
      row_count: 2,
    });
    const resources = await connection.client.listResources();
    expect(resources.map((resource) => resource.uri)).toEqual(
      expect.arrayContaining([
        "schema://tables",
        "schema://tables/items",
        "schema://tables/odd%20%22quoted%22%20name",
      ]),
    );
    const odd = await connection.client.readResource("schema://tables/odd%20%22quoted%22%20name");
    expect((odd.contents[0] as { text: string }).text).toContain('"name": "odd \\"quoted\\" name"');
    const templates = await connection.client.listResourceTemplates();
    expect(templates.map((template) => template.uriTemplate)).toContain("schema://tables/{table}");
    const completion = await connection.client.complete(
      { type: "ref/resource", uri: "schema://tables/{table}" },
      { name: "table", value: "n" },
    );
    expect(completion.completion.values).toEqual(["numbers"]);
  });

  it("answers an unknown table with a JSON-RPC error naming the tables", async () => {
    await expect(connection.client.readResource("schema://tables/nope")).rejects.toMatchObject({
      code: -32602,
      message: expect.stringContaining('There is no table or view named "nope"'),
    });
  });
});

describe("lifetime", () => {
  it("serves again after being closed and reconnected", async () => {
    using scratch = temporaryDirectory();
    await using first = await connectServer({ databasePath: createFixtureDatabase(scratch.path) });
    await first.client.close();
    await first.server.close();
    await using again = await Client.connect(first.server);
    const result = await again.callTool("query", { sql: "SELECT count(*) FROM numbers" });
    expect(result.structuredContent).toMatchObject({ rows: [[250]] });
  });
});

describe("explore_database prompt", () => {
  it("lists the tables and steers the model, towards a goal when given", async () => {
    const prompts = await connection.client.listPrompts();
    expect(prompts).toEqual([
      expect.objectContaining({
        name: "explore_database",
        arguments: [expect.objectContaining({ name: "goal", required: false })],
      }),
    ]);
    const open = await connection.client.getPrompt("explore_database");
    const text = (open.messages[0]!.content as { text: string }).text;
    expect(text).toContain("- numbers (table, 250 rows)");
    expect(text).toContain("suggest five questions");
    const goal = await connection.client.getPrompt("explore_database", { goal: "which item is biggest" });
    expect((goal.messages[0]!.content as { text: string }).text).toContain(
      "Then answer: which item is biggest.",
    );
  });
});

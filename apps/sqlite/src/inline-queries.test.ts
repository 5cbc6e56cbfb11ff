import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@mcpkit/core";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Instruction, isStraightLineProgram } from "./inline-queries.js";
import { temporaryDirectory, textOf } from "./test-support.js";

const directory = temporaryDirectory();
const databasePath = join(directory.path, "inline.db");
// Long beside a point lookup even on a busy machine: ordering below, never speed, is asserted.
const TIMEOUT_MS = 5_000;
const NEVER_ENDS = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c";

beforeAll(() => {
  const db = new Database(databasePath);
  db.exec(`
    CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price REAL, sku TEXT UNIQUE, shout TEXT AS (upper(name)));
    CREATE TABLE pairs (k TEXT PRIMARY KEY, v INTEGER) WITHOUT ROWID;
    CREATE VIEW cheap AS SELECT id, name FROM items WHERE price < 10;
    CREATE TABLE lookup (id INTEGER PRIMARY KEY, label TEXT);
    INSERT INTO items (id, name, price, sku) VALUES (1, 'pen', 2.5, 'P-1'), (2, 'desk', 120, 'D-2');
    INSERT INTO pairs VALUES ('a', 1), ('b', 2);
    INSERT INTO lookup VALUES (1, 'one');
  `);
  db.close();
});
afterAll(() => directory[Symbol.dispose]());

/** The program SQLite compiles for `sql`, as the server sees it. */
function programOf(sql: string, ...params: unknown[]): Instruction[] {
  const db = new Database(databasePath, { readonly: true });
  try {
    return db.prepare(`EXPLAIN ${sql}`).all(...params) as Instruction[];
  } finally {
    db.close();
  }
}

describe("isStraightLineProgram", () => {
  it.each([
    ["a lookup by rowid", "SELECT id, name, price FROM items WHERE id = ?", 1],
    ["a lookup by unique index", "SELECT * FROM pairs WHERE k = ?", "a"],
    ["a lookup by UNIQUE column", "SELECT id FROM items WHERE sku = ?", "P-1"],
    ["a lookup through a view", "SELECT name FROM cheap WHERE id = ?", 1],
    ["plain expressions", "SELECT name || '!', price * 2, CAST(id AS TEXT) FROM items WHERE id = ?", 1],
    [
      "two lookups joined by key",
      "SELECT i.name, l.label FROM items i, lookup l WHERE i.id = 1 AND l.id = 1",
    ],
    ["a constant", "SELECT 1"],
  ])("accepts %s", (_what, sql, ...params) => {
    expect(isStraightLineProgram(programOf(sql, ...params))).toBe(true);
  });

  it.each([
    ["a full scan", "SELECT * FROM items"],
    ["a scan stopped by LIMIT", "SELECT * FROM items LIMIT 1"],
    ["an IN list", "SELECT * FROM items WHERE id IN (1, 2)"],
    ["a recursive CTE", NEVER_ENDS],
    ["an aggregate", "SELECT count(*) FROM items WHERE id = 1"],
    ["a function call", "SELECT upper(name) FROM items WHERE id = 1"],
    ["zeroblob()", "SELECT zeroblob(600000000)"],
    ["LIKE", "SELECT id FROM items WHERE id = 1 AND name LIKE 'p%'"],
    ["a generated column that calls a function", "SELECT shout FROM items WHERE id = 1"],
    ["a subquery", "SELECT (SELECT max(id) FROM items) FROM lookup WHERE id = 1"],
    ["a table-valued pragma", "SELECT * FROM pragma_table_info('items')"],
    ["ORDER BY over a scan", "SELECT name FROM items ORDER BY name"],
  ])("refuses %s", (_what, sql) => {
    expect(isStraightLineProgram(programOf(sql))).toBe(false);
  });

  const body = (...opcodes: Array<[string, number]>): Instruction[] => [
    { opcode: "Init", p1: 0, p2: opcodes.length + 1 },
    ...opcodes.map(([opcode, p2]) => ({ opcode, p1: 0, p2 })),
    { opcode: "Transaction", p1: 0, p2: 0 },
    { opcode: "Goto", p1: 0, p2: 1 },
  ];

  it("refuses a backward jump, a jump into the prologue, unknown opcodes and malformed programs", () => {
    expect(isStraightLineProgram(body(["Integer", 1], ["ResultRow", 1], ["Halt", 0]))).toBe(true);
    expect(isStraightLineProgram(body(["Integer", 1], ["ResultRow", 1], ["Goto", 1]))).toBe(false);
    expect(isStraightLineProgram(body(["Integer", 1], ["IfNot", 4], ["Halt", 0]))).toBe(false);
    expect(isStraightLineProgram(body(["Integer", 1], ["FutureOpcode", 0], ["Halt", 0]))).toBe(false);
    expect(isStraightLineProgram([])).toBe(false);
    expect(isStraightLineProgram(body(["Integer", 1]).slice(1))).toBe(false);
    expect(isStraightLineProgram(body(["Integer", 1]).slice(0, -1))).toBe(false);
  });
});

// The server runs as its own process here: were a query ever wrongly run inline and never ended,
// these calls would time out and fail instead of freezing the test runner with it.
describe("queries that cannot loop run in the server process", () => {
  let client: Client;
  beforeAll(async () => {
    client = await Client.connect(
      {
        command: process.execPath,
        args: [
          ...["--conditions=@mcpkit/source", "--import", "tsx", "src/main.ts", "--log-level", "silent"],
          ...["--db", databasePath, "--timeout-ms", String(TIMEOUT_MS), "--max-processes", "1"],
        ],
        cwd: fileURLToPath(new URL("..", import.meta.url)),
        stderr: "pipe",
      },
      { timeoutMs: 60_000 },
    );
  });
  afterAll(() => client.close());

  it("answers a point lookup while the only query process is busy with a runaway", async () => {
    // stdio keeps order: the runaway reaches the server, and its only process, before the lookup.
    let settled = false;
    const controller = new AbortController();
    const runaway = client
      .callTool("query", { sql: NEVER_ENDS }, { signal: controller.signal })
      .finally(() => {
        settled = true;
      });
    const lookup = await client.callTool("query", {
      sql: "SELECT id, name, price FROM items WHERE id = ?",
      params: [2],
    });
    expect(lookup.structuredContent).toMatchObject({
      columns: ["id", "name", "price"],
      rows: [[2, "desk", 120]],
    });
    // Answered while the runaway still holds the process: the lookup did not queue behind it.
    expect(settled).toBe(false);
    controller.abort(new Error("done"));
    await expect(runaway).rejects.toThrow();
  });

  it("reports errors of an inline query as a query process would", async () => {
    const missing = await client.callTool("query", { sql: "SELECT id FROM items WHERE id = ?" });
    expect(missing.isError).toBe(true);
    expect(textOf(missing)).toMatch(/parameter/i);
    const wrongTable = await client.callTool("query", { sql: "SELECT id FROM nowhere WHERE id = 1" });
    expect(textOf(wrongTable)).toContain("no such table: nowhere [SQLITE_ERROR]");
  });

  it("judges a query again after the schema changes", async () => {
    const sql = "SELECT label FROM lookup WHERE id = 1";
    expect((await client.callTool("query", { sql })).structuredContent).toMatchObject({
      rows: [["one"]],
    });
    // Another connection turns the table into a view that never ends: the remembered verdict must
    // not send the same SQL down the inline path again, or the server would hang.
    const writer = new Database(databasePath);
    writer.exec(
      `DROP TABLE lookup; CREATE VIEW lookup AS ${NEVER_ENDS.replace("count(*)", "x AS id, 'x' AS label")}`,
    );
    writer.close();
    // Only a query process has a time limit: inline, this call would never come back.
    const result = await client.callTool("query", { sql });
    expect(textOf(result)).toContain("[MCPKIT_TIMEOUT]");
  });
});

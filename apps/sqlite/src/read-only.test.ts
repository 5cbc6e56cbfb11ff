import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openReadOnlyDatabase } from "./read-only-database.js";
import { generateSampleDatabase } from "./sample-database.js";
import { connectServer, type TestServer, temporaryDirectory, textOf } from "./test-support.js";

const directory = temporaryDirectory();
const databasePath = join(directory.path, "shop.db");
const elsewhere = (name: string) => join(directory.path, name);
let connection: TestServer;
let hashBefore: string;
let filesBefore: string[];

const hashFile = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

beforeAll(async () => {
  generateSampleDatabase(databasePath);
  hashBefore = hashFile(databasePath);
  filesBefore = readdirSync(directory.path).sort();
  connection = await connectServer({ databasePath });
});
afterAll(async () => {
  await connection[Symbol.asyncDispose]();
  directory[Symbol.dispose]();
});

/** Every way we found to change data, and which layer refuses it. */
const ATTACKS: Array<[sql: string, code: string]> = [
  // Plain DML and DDL, with comment and case tricks.
  ["DELETE FROM orders", "MCPKIT_NOT_A_QUERY"],
  ["delete/**/from orders", "MCPKIT_NOT_A_QUERY"],
  ["/* SELECT */ DELETE FROM orders", "MCPKIT_NOT_A_QUERY"],
  ["-- SELECT\nDeLeTe FROM orders", "MCPKIT_NOT_A_QUERY"],
  ["INSERT INTO categories (name) VALUES ('x') RETURNING *", "MCPKIT_NOT_A_QUERY"],
  ["UPDATE products SET price = 0 RETURNING id", "MCPKIT_NOT_A_QUERY"],
  ["REPLACE INTO categories (id, name) VALUES (1, 'x')", "MCPKIT_NOT_A_QUERY"],
  ["INSERT INTO sqlite_schema VALUES ('table', 'x', 'x', 0, '')", "MCPKIT_NOT_A_QUERY"],
  ["CREATE TABLE evil (a)", "MCPKIT_NOT_A_QUERY"],
  ["CREATE TEMP TABLE evil (a)", "MCPKIT_NOT_A_QUERY"],
  ["CREATE INDEX evil ON orders (status)", "MCPKIT_NOT_A_QUERY"],
  ["CREATE VIRTUAL TABLE evil USING fts5 (a)", "MCPKIT_NOT_A_QUERY"],
  ["DROP TABLE orders", "MCPKIT_NOT_A_QUERY"],
  ["ALTER TABLE orders ADD COLUMN evil", "MCPKIT_NOT_A_QUERY"],
  // DML wrapped in a CTE passes the text gate; SQLite's own judgement of the statement refuses it.
  ["WITH x AS (SELECT 1) DELETE FROM orders", "MCPKIT_WRITE_REFUSED"],
  [
    "WITH x AS (SELECT 1) INSERT INTO categories (name) SELECT 'x' FROM x RETURNING *",
    "MCPKIT_WRITE_REFUSED",
  ],
  ["with x as (select 1) update products set price = 0 returning id", "MCPKIT_WRITE_REFUSED"],
  ["WITH x AS (DELETE FROM orders RETURNING *) SELECT * FROM x", "SQLITE_ERROR"],
  ["SELECT 1 WHERE 1 = (DELETE FROM orders)", "SQLITE_ERROR"],
  // Several statements, however the semicolon is hidden.
  ["SELECT 1; DELETE FROM orders", "MCPKIT_MULTIPLE_STATEMENTS"],
  ["SELECT 1;DELETE FROM orders --", "MCPKIT_MULTIPLE_STATEMENTS"],
  ["SELECT ';'; DROP TABLE orders", "MCPKIT_MULTIPLE_STATEMENTS"],
  ["SELECT 1 /* ; */ ; PRAGMA query_only = OFF", "MCPKIT_MULTIPLE_STATEMENTS"],
  ['SELECT "a;b" FROM (SELECT 1 AS "a;b"); VACUUM', "MCPKIT_MULTIPLE_STATEMENTS"],
  // Pragmas, which may act while compiling, never reach SQLite; their table-valued forms are read-only.
  ["PRAGMA query_only = OFF", "MCPKIT_NOT_A_QUERY"],
  ["pragma   /* hi */ query_only=0", "MCPKIT_NOT_A_QUERY"],
  ["PRAGMA user_version = 7", "MCPKIT_NOT_A_QUERY"],
  ["PRAGMA journal_mode = WAL", "MCPKIT_NOT_A_QUERY"],
  ["PRAGMA main.locking_mode = EXCLUSIVE", "MCPKIT_NOT_A_QUERY"],
  ["PRAGMA writable_schema = ON", "MCPKIT_NOT_A_QUERY"],
  ["PRAGMA wal_checkpoint(TRUNCATE)", "MCPKIT_NOT_A_QUERY"],
  ["SELECT * FROM pragma_query_only(0)", "SQLITE_ERROR"],
  ["SELECT * FROM pragma_user_version(9)", "SQLITE_ERROR"],
  ["SELECT * FROM pragma_journal_mode('wal')", "SQLITE_ERROR"],
  // Other databases and files.
  [`ATTACH DATABASE '${elsewhere("evil.db")}' AS evil`, "MCPKIT_NOT_A_QUERY"],
  ["ATTACH ':memory:' AS scratch", "MCPKIT_NOT_A_QUERY"],
  ["DETACH DATABASE main", "MCPKIT_NOT_A_QUERY"],
  ["VACUUM", "MCPKIT_NOT_A_QUERY"],
  [`VACUUM INTO '${elsewhere("copy.db")}'`, "MCPKIT_NOT_A_QUERY"],
  ["ANALYZE", "MCPKIT_NOT_A_QUERY"],
  ["REINDEX", "MCPKIT_NOT_A_QUERY"],
  ["BEGIN EXCLUSIVE", "MCPKIT_NOT_A_QUERY"],
  ["SAVEPOINT s", "MCPKIT_NOT_A_QUERY"],
  ["EXPLAIN PRAGMA query_only = OFF", "MCPKIT_NOT_A_QUERY"],
  ["EXPLAIN DELETE FROM orders", "MCPKIT_NOT_A_QUERY"],
  // Functions with side effects: extension loading is off; the shell's file functions do not exist.
  [`SELECT load_extension('${elsewhere("evil.so")}')`, "SQLITE_ERROR"],
  [`SELECT load_extension('${elsewhere("evil.so")}', 'init')`, "SQLITE_ERROR"],
  ["SELECT fts3_tokenizer('simple', x'0000000000000000')", "SQLITE_ERROR"],
  [`SELECT writefile('${elsewhere("evil.txt")}', 'data')`, "SQLITE_ERROR"],
  ["SELECT sqlite_attach('evil.db', 'evil', NULL)", "SQLITE_ERROR"],
  // Resource exhaustion.
  ["SELECT zeroblob(600000000)", "SQLITE_TOOBIG"],
  // Nothing to run.
  ["", "MCPKIT_EMPTY"],
  ["  -- only a comment\n ;", "MCPKIT_EMPTY"],
];

describe("read-only in depth", () => {
  it.each(ATTACKS)("refuses %j (%s)", async (sql, code) => {
    const result = await connection.client.callTool("query", { sql });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(new RegExp(`\\[${code}\\]$`));
    expect(textOf(result)).not.toMatch(/\n\s+at /);
  });

  it("refuses the same statements in explain_query", async () => {
    for (const [sql, code] of ATTACKS.filter(([, code]) => code.startsWith("MCPKIT_"))) {
      const result = await connection.client.callTool("explain_query", { sql });
      expect(result.isError, sql).toBe(true);
      expect(textOf(result)).toMatch(new RegExp(`\\[${code}\\]$`));
    }
  });

  it("leaves the file's bytes unchanged and creates no file", async () => {
    const pragma = await connection.client.callTool("query", { sql: "SELECT * FROM pragma_query_only" });
    expect(pragma.structuredContent).toMatchObject({ rows: [[1]] });
    const count = await connection.client.callTool("query", { sql: "SELECT count(*) FROM orders" });
    expect(count.structuredContent).toMatchObject({ rows: [[4000]] });
    expect(hashFile(databasePath)).toBe(hashBefore);
    expect(readdirSync(directory.path).sort()).toEqual(filesBefore);
  });

  it("holds no lock that would stop the file's own writer", async () => {
    await connection.client.callTool("query", { sql: "SELECT count(*) FROM order_items" });
    const writer = new Database(databasePath, { timeout: 0 });
    try {
      writer.prepare("UPDATE categories SET description = 'changed by its owner' WHERE id = 1").run();
    } finally {
      writer.close();
    }
    const seen = await connection.client.callTool("query", {
      sql: "SELECT description FROM categories WHERE id = 1",
    });
    expect(seen.structuredContent).toMatchObject({ rows: [["changed by its owner"]] });
    hashBefore = hashFile(databasePath);
  });
});

describe("why the text gate exists", () => {
  it("some PRAGMAs change the connection while merely being compiled", () => {
    using scratch = temporaryDirectory();
    const path = join(scratch.path, "x.db");
    new Database(path).close();
    const db = openReadOnlyDatabase(path);
    try {
      expect(Number(db.pragma("query_only", { simple: true }))).toBe(1);
      const statement = db.prepare("PRAGMA query_only = OFF");
      expect(statement.reader).toBe(false);
      expect(Number(db.pragma("query_only", { simple: true }))).toBe(0);
      // ATTACH is not a write in SQLite's eyes (sqlite3_stmt_readonly is true); it returns no rows.
      const attach = db.prepare("ATTACH ':memory:' AS scratch");
      expect([attach.readonly, attach.reader]).toEqual([true, false]);
    } finally {
      db.close();
    }
  });
});

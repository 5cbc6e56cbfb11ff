// Shared by the tests (excluded from the build): temporary databases and a connected server.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CallToolResult, Client, type FastMCP } from "@mcpkit/core";
import Database from "better-sqlite3";
import { createSqliteServer, type SqliteServerOptions } from "./server.js";

export interface TemporaryDirectory extends Disposable {
  path: string;
}

export function temporaryDirectory(): TemporaryDirectory {
  const path = mkdtempSync(join(tmpdir(), "mcpkit-sqlite-"));
  return { path, [Symbol.dispose]: () => rmSync(path, { recursive: true, force: true }) };
}

export const LONG_TEXT = "x".repeat(5_000);
export const BIG_BLOB = Buffer.alloc(5_000, 7);

/** A small database with the awkward cases: 64-bit integers, BLOBs, long text, odd names, 250 rows. */
export function createFixtureDatabase(directory: string): string {
  const path = join(directory, "fixture.db");
  const db = new Database(path);
  db.exec(`
    CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, big INTEGER, data BLOB, note TEXT DEFAULT 'none');
    CREATE TABLE numbers (n INTEGER NOT NULL);
    CREATE TABLE parent (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE);
    CREATE TABLE "odd ""quoted"" name" (parent_id INTEGER REFERENCES parent(id), "select" TEXT);
    CREATE INDEX odd_by_parent ON "odd ""quoted"" name" (parent_id);
    CREATE VIEW big_items AS SELECT id, big FROM items WHERE big IS NOT NULL;
    INSERT INTO numbers (n) WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 250) SELECT n FROM c;
    INSERT INTO parent (id, code) VALUES (1, 'a'), (2, 'b');
    INSERT INTO "odd ""quoted"" name" VALUES (1, 'x|y'), (2, 'line one
line two');
  `);
  const insert = db.prepare("INSERT INTO items (id, name, big, data, note) VALUES (?, ?, ?, ?, ?)");
  insert.run(1, "max int64", 9_223_372_036_854_775_807n, Buffer.from([0, 1, 2]), "short");
  insert.run(2, "min int64", -9_223_372_036_854_775_808n, BIG_BLOB, LONG_TEXT);
  insert.run(3, "2^53 + 1", 9_007_199_254_740_993n, null, null);
  insert.run(4, "small", 42, null, "ok");
  db.close();
  return path;
}

export interface TestServer extends AsyncDisposable {
  server: FastMCP;
  client: Client;
}

/** A server on `databasePath` and an in-memory client connected to it. */
export async function connectServer(options: Omit<SqliteServerOptions, "logLevel">): Promise<TestServer> {
  const server = createSqliteServer({ ...options, logLevel: "silent" });
  const client = await Client.connect(server);
  return {
    server,
    client,
    [Symbol.asyncDispose]: async () => {
      await client.close();
      await server.close();
    },
  };
}

/** The text of a tool result's content blocks, joined. */
export function textOf(result: CallToolResult): string {
  return result.content.map((block) => (block.type === "text" ? block.text : "")).join("\n");
}

import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { JobError, QueryPool } from "./query-pool.js";
import { generateSampleDatabase } from "./sample-database.js";
import { connectServer, type TestServer, temporaryDirectory, textOf } from "./test-support.js";

const directory = temporaryDirectory();
const databasePath = join(directory.path, "shop.db");
const TIMEOUT_MS = 1_500;
const NEVER_ENDS = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c";
const HUGE_JOIN = "SELECT count(*) FROM order_items a, order_items b, order_items c";
let connection: TestServer;

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

beforeAll(async () => {
  generateSampleDatabase(databasePath);
  connection = await connectServer({ databasePath, timeoutMs: TIMEOUT_MS, maxProcesses: 2 });
});
afterAll(async () => {
  await connection[Symbol.asyncDispose]();
  directory[Symbol.dispose]();
});

describe("runaway queries", () => {
  it("keeps answering other calls while a never-ending recursive CTE runs", async () => {
    // A time limit no busy machine reaches: the runaway is still running when the others are answered.
    await using patient = await connectServer({ databasePath, timeoutMs: 600_000, maxProcesses: 2 });
    const controller = new AbortController();
    let settled = false;
    const runaway = patient.client
      .callTool("query", { sql: NEVER_ENDS }, { signal: controller.signal })
      .finally(() => {
        settled = true;
      });
    const quick = await patient.client.callTool("query", { sql: "SELECT count(*) FROM customers" });
    expect(quick.structuredContent, textOf(quick)).toMatchObject({ rows: [[1200]] });
    expect((await patient.client.callTool("list_tables")).isError).toBeFalsy();
    expect(settled).toBe(false);
    controller.abort(new Error("done waiting"));
    await expect(runaway).rejects.toThrow();
  });

  it("stops a never-ending recursive CTE at the time limit, and serves the next call", async () => {
    const result = await connection.client.callTool("query", { sql: NEVER_ENDS });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(
      /^The query was stopped after 1500 ms, this server's time limit\..*\[MCPKIT_TIMEOUT\]$/,
    );
    const after = await connection.client.callTool("query", { sql: "SELECT 1 + 1" });
    expect(after.structuredContent).toMatchObject({ rows: [[2]] });
  });

  it("stops a huge cross join the same way", async () => {
    const result = await connection.client.callTool("query", { sql: HUGE_JOIN });
    expect(textOf(result)).toContain("[MCPKIT_TIMEOUT]");
  });

  it("stops the query when the client cancels the call", async () => {
    const controller = new AbortController();
    const call = connection.client.callTool("query", { sql: NEVER_ENDS }, { signal: controller.signal });
    controller.abort(new Error("user gave up"));
    await expect(call).rejects.toThrow();
    // An aggregate loops, so it runs in a query process: the pool itself recovered.
    const next = await connection.client.callTool("query", { sql: "SELECT count(*) FROM customers" });
    expect(next.isError, textOf(next)).toBeFalsy();
  });
});

describe("QueryPool", () => {
  it("kills the process of a query that overruns, and of one whose caller gives up", async () => {
    // Long enough for both processes to start on a busy machine; the test waits for them, not for time.
    const pool = new QueryPool({ databasePath, timeoutMs: 4_000, maxProcesses: 2 });
    try {
      const runaway = pool.run({ op: "query", sql: NEVER_ENDS, offset: 0, maxRows: 1 });
      const abandoned = new AbortController();
      const cancelled = pool.run({ op: "query", sql: NEVER_ENDS, offset: 0, maxRows: 1 }, abandoned.signal);
      await vi.waitFor(() => expect(pool.processIds).toHaveLength(2), { timeout: 30_000, interval: 20 });
      const pids = pool.processIds;
      abandoned.abort(new Error("gone"));
      await expect(cancelled).rejects.toThrow("gone");
      await expect(runaway).rejects.toMatchObject({ code: "MCPKIT_TIMEOUT" });
      for (const pid of pids) expect(isAlive(pid)).toBe(false);
      await expect(pool.run({ op: "table_names" })).resolves.toContain("orders");
    } finally {
      await pool.close();
    }
  });

  it("queues calls beyond its process limit and kills everything on close", async () => {
    const pool = new QueryPool({ databasePath, timeoutMs: 5_000, maxProcesses: 1 });
    const results = await Promise.all(
      [1, 2, 3].map((n) => pool.run({ op: "query", sql: `SELECT ${n}`, offset: 0, maxRows: 1 })),
    );
    expect(results.map((result) => (result as { rows: unknown[][] }).rows[0])).toEqual([[1], [2], [3]]);
    const pids = pool.processIds;
    expect(pids).toHaveLength(1);
    const running = pool.run({ op: "query", sql: NEVER_ENDS, offset: 0, maxRows: 1 });
    const waiting = pool.run({ op: "query", sql: "SELECT 1", offset: 0, maxRows: 1 });
    const outcomes = Promise.allSettled([running, waiting]);
    await pool.close();
    for (const outcome of await outcomes) {
      expect(outcome).toMatchObject({ status: "rejected", reason: expect.any(JobError) });
      expect(outcome).toMatchObject({ reason: { code: "MCPKIT_CLOSED" } });
    }
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
    await expect(pool.run({ op: "table_names" })).rejects.toMatchObject({ code: "MCPKIT_CLOSED" });
  });

  it("ends a runaway query's process when the server itself is killed", async () => {
    const pool = new URL("./query-pool.ts", import.meta.url).href;
    const script = `import { QueryPool } from ${JSON.stringify(pool)};
      const pool = new QueryPool({ databasePath: ${JSON.stringify(databasePath)}, timeoutMs: 60000, maxProcesses: 1 });
      await pool.run({ op: "table_names" });
      void pool.run({ op: "query", sql: ${JSON.stringify(NEVER_ENDS)}, offset: 0, maxRows: 1 });
      process.stdout.write(String(pool.processIds[0]), () => process.kill(process.pid, "SIGKILL"));`;
    const server = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "--eval", script]);
    let output = "";
    server.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    // "exit", not "close": the orphan would hold the inherited stderr open.
    const [, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      server.on("exit", (code, signal) => resolve([code, signal])),
    );
    expect(signal).toBe("SIGKILL");
    const orphan = Number(output);
    expect(orphan).toBeGreaterThan(0);
    // Polls for the orphan's end; the timeout only catches a process that never ends.
    await vi.waitFor(() => expect(isAlive(orphan)).toBe(false), { timeout: 30_000, interval: 50 });
  });

  it("reports a database file that cannot be opened", async () => {
    const pool = new QueryPool({
      databasePath: join(directory.path, "missing.db"),
      timeoutMs: 5_000,
      maxProcesses: 1,
    });
    try {
      await expect(pool.run({ op: "table_names" })).rejects.toMatchObject({ code: "SQLITE_CANTOPEN" });
    } finally {
      await pool.close();
    }
  });
});

// The query process: a child of the server that owns one read-only connection and runs jobs sent
// over IPC, one at a time. It is a process, not a worker thread, because a runaway statement never
// returns control to JavaScript: a worker cannot be stopped then, a process can be killed.
import { Worker } from "node:worker_threads";
import type Database from "better-sqlite3";
import { type Job, runJob } from "./database-operations.js";
import { isStillReadOnly, openReadOnlyDatabase, toQueryError } from "./read-only-database.js";

export type JobReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; code: string; message: string };

const databasePath = process.argv[2] ?? "";
let db: Database.Database | undefined;

function handle(id: number, job: Job): JobReply {
  try {
    db ??= openReadOnlyDatabase(databasePath);
    const value = runJob(db, job);
    return { id, ok: true, value };
  } catch (error) {
    const { code, message } = toQueryError(error);
    return { id, ok: false, code, message };
  } finally {
    if (db && !isStillReadOnly(db)) {
      db.close();
      db = undefined;
    }
  }
}

process.on("message", (message: { id: number; job: Job }) => {
  process.send?.(handle(message.id, message.job));
});
// The server went away: nothing else will ever ask this process for anything.
process.on("disconnect", () => process.exit(0));
// While a runaway statement blocks this thread, "disconnect" cannot be handled, so a watchdog
// thread ends the process once the server is gone (the process is then re-parented).
new Worker(
  `const { workerData } = require("node:worker_threads");
   setInterval(() => { if (process.ppid !== workerData) process.kill(process.pid, "SIGKILL"); }, 500);`,
  { eval: true, workerData: process.ppid },
).unref();
process.send?.("ready");

// The query process: a child of the server that owns one read-only connection and runs jobs sent
// over IPC, one at a time. It is a process, not a worker thread, because a runaway statement never
// returns control to JavaScript: a worker cannot be stopped then, a process can be killed.
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
process.send?.("ready");

import { ToolError } from "@mcpkit/core";
import type { Job, QueryJob, QueryResult } from "./database-operations.js";
import { InlineQueries } from "./inline-queries.js";
import { JobError, QueryPool } from "./query-pool.js";
import { QueryError } from "./read-only-database.js";

/**
 * Runs the server's jobs for one served lifetime: `start()` opens the query pool and the inline
 * path, `close()` ends them; a restart gets new ones. Every failure reaches the model as a
 * ToolError with its code.
 */
export class QueryRunner {
  private pool: QueryPool | undefined;
  private inline: InlineQueries | undefined;

  constructor(private readonly options: { timeoutMs: number; maxProcesses: number }) {}

  /** Opens `databasePath`; returns what ends this lifetime (the lifespan's shutdown). */
  start(databasePath: string): () => Promise<void> {
    const pool = new QueryPool({ databasePath, ...this.options });
    pool.warm();
    const inline = new InlineQueries(databasePath);
    this.pool = pool;
    this.inline = inline;
    return async () => {
      if (this.pool === pool) this.pool = undefined;
      if (this.inline === inline) this.inline = undefined;
      inline.close();
      await pool.close();
    };
  }

  async run<T>(job: Job, signal?: AbortSignal): Promise<T> {
    if (!this.pool) throw new ToolError("The server is not running.");
    try {
      return (await this.pool.run(job, signal)) as T;
    } catch (error) {
      throw asToolError(error);
    }
  }

  /** A query SQLite proves cannot loop runs in this process; any other goes to a query process. */
  runQuery(job: QueryJob, signal: AbortSignal): Promise<QueryResult> | QueryResult {
    try {
      return this.inline?.tryRun(job) ?? this.run<QueryResult>(job, signal);
    } catch (error) {
      throw asToolError(error);
    }
  }
}

/** A failed job as the message the model sees, with its code (SQLite's, or one of ours). */
function asToolError(error: unknown): unknown {
  if (error instanceof JobError || error instanceof QueryError)
    return new ToolError(`${error.message} [${error.code}]`, { cause: error });
  return error;
}

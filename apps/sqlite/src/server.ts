import { fileURLToPath } from "node:url";
import { FastMCP, type ReplicaOptions, replicaOptionsOf, type ServerLogLevel } from "@mcpkit/core";
import { QueryRunner } from "./query-runner.js";
import { ensureSampleDatabase, SAMPLE_DATABASE_PATH } from "./sample-database.js";
import { registerExplorePrompt } from "./tools/explore-prompt.js";
import { registerQuery } from "./tools/query.js";
import { registerSchemaResources } from "./tools/schema-resources.js";
import { registerSchemaTools } from "./tools/schema-tools.js";
import type { SqliteDeps } from "./tools/sqlite-deps.js";

/** With `ReplicaOptions`: the store, event bus and request-state key replicas share. */
export interface SqliteServerOptions extends ReplicaOptions {
  /**
   * The SQLite file to serve; it must exist and is only ever opened read-only. Defaults to the
   * embedded sample shop database (generated on first start), as the app's `--db` does, so that a
   * server made with no options (`mcpkit run apps/sqlite/src/server.ts`) serves something real.
   */
  databasePath?: string;
  /** Wall-clock limit for each call, in milliseconds. Defaults to 10 000. */
  timeoutMs?: number;
  /** The most rows one `query` call may return (its `max_rows` ceiling). Defaults to 1 000. */
  maxRows?: number;
  /** Calls that may run at once, each in its own query process. Defaults to 4. */
  maxProcesses?: number;
  logLevel?: ServerLogLevel;
}

/**
 * A read-only SQLite query server: tools to list, describe and query the tables of one database
 * file, the schema as resources, and a prompt for exploring an unfamiliar database. Every call runs
 * in a separate query process with a time limit, except queries whose compiled program cannot loop
 * (point lookups), which run in this process; see README "Security model".
 */
export function createSqliteServer(options: SqliteServerOptions = {}): FastMCP {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const runner = new QueryRunner({ timeoutMs, maxProcesses: options.maxProcesses ?? 4 });
  const mcp = new FastMCP({
    name: "sqlite",
    version: "0.1.0",
    instructions:
      "Read-only access to one SQLite database. Start with list_tables and describe_table (or the schema://tables " +
      "resource), then answer questions with query. Nothing you run can change the data.",
    maskErrorDetails: true,
    logLevel: options.logLevel ?? "info",
    ...replicaOptionsOf(options),
    lifespan: () => {
      const databasePath = options.databasePath ?? fileURLToPath(SAMPLE_DATABASE_PATH);
      if (options.databasePath === undefined) ensureSampleDatabase(databasePath);
      return runner.start(databasePath);
    },
  });
  const deps: SqliteDeps = { runner, timeoutMs, maxRows: options.maxRows ?? 1_000 };
  registerQuery(mcp, deps);
  registerSchemaTools(mcp, deps);
  registerSchemaResources(mcp, deps);
  registerExplorePrompt(mcp, deps);
  return mcp;
}

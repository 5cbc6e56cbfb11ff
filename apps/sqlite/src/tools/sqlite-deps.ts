import { z } from "zod";
import type { QueryRunner } from "../query-runner.js";

/** What every tool shares: the runner of the current lifetime and the server's limits. */
export interface SqliteDeps {
  runner: QueryRunner;
  timeoutMs: number;
  maxRows: number;
}

export const READ_ONLY = { readOnlyHint: true, idempotentHint: true, openWorldHint: false };

const parameterValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const parameters = z
  .union([z.array(parameterValue), z.record(z.string(), parameterValue)])
  .optional()
  .describe(
    "Values bound to the placeholders, never pasted into the SQL: an array for ?, an object for :name, @name, $name " +
      'or ?1 (keys with or without the prefix, e.g. {"name": "Ada", "1": 5}). ' +
      "Pass integers beyond 2^53 as decimal strings.",
  );

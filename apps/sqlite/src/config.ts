import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { hostFlag, logLevelFlag, transportFlag } from "@mcpkit/core";
import { z } from "zod";

export const HELP = `mcpkit sqlite: a read-only SQLite query MCP server

Usage: mcpkit-sqlite [--db <file>] [options]

  --db <file>            SQLite file to serve, opened read-only; it must exist.  env MCPKIT_SQLITE_DB
                         Default: the embedded sample shop database (generated on first use).
  --timeout-ms <n>       Stop a call still running after n ms (default 10000).    env MCPKIT_SQLITE_TIMEOUT_MS
  --max-rows <n>         Most rows one query call may return (default 1000).     env MCPKIT_SQLITE_MAX_ROWS
  --max-processes <n>    Query processes running calls at once (default 4).      env MCPKIT_SQLITE_MAX_PROCESSES
  --transport <t>        stdio (default) or http.                                env MCPKIT_TRANSPORT
  --host <host>          HTTP interface (default 127.0.0.1).                     env HOST
  --port <n>             HTTP port (default 3000).                               env PORT
  --log-level <level>    debug, info, warning, error or silent (default info).   env MCPKIT_LOG_LEVEL
  --help                 Show this help.
`;

const positiveInteger = (name: string) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .int(`${name} must be a whole number`)
    .min(1, `${name} must be at least 1`);

const ConfigSchema = z.object({
  databasePath: z.string().min(1).optional(),
  timeoutMs: positiveInteger("--timeout-ms").default(10_000),
  maxRows: positiveInteger("--max-rows").max(100_000, "--max-rows must be at most 100000").default(1_000),
  maxProcesses: positiveInteger("--max-processes").max(64, "--max-processes must be at most 64").default(4),
  transport: transportFlag,
  host: hostFlag,
  port: z.coerce.number().int().min(0).max(65_535, "--port must be 0-65535").default(3000),
  logLevel: logLevelFlag,
});

export type Config = z.infer<typeof ConfigSchema> & { help: boolean };

/** Parses flags (which win) and environment variables; throws an Error with a readable message. */
export function loadConfig(argv: readonly string[], env: Record<string, string | undefined>): Config {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        db: { type: "string" },
        "timeout-ms": { type: "string" },
        "max-rows": { type: "string" },
        "max-processes": { type: "string" },
        transport: { type: "string" },
        host: { type: "string" },
        port: { type: "string" },
        "log-level": { type: "string" },
        help: { type: "boolean" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new Error(`${(error as Error).message}\n\n${HELP}`);
  }
  const pick = (flag: string, name: string) => (values[flag] as string | undefined) ?? env[name] ?? undefined;
  const parsed = ConfigSchema.safeParse({
    databasePath: pick("db", "MCPKIT_SQLITE_DB"),
    timeoutMs: pick("timeout-ms", "MCPKIT_SQLITE_TIMEOUT_MS"),
    maxRows: pick("max-rows", "MCPKIT_SQLITE_MAX_ROWS"),
    maxProcesses: pick("max-processes", "MCPKIT_SQLITE_MAX_PROCESSES"),
    transport: pick("transport", "MCPKIT_TRANSPORT"),
    host: pick("host", "HOST"),
    port: pick("port", "PORT"),
    logLevel: pick("log-level", "MCPKIT_LOG_LEVEL"),
  });
  if (!parsed.success) throw new Error(parsed.error.issues.map((issue) => issue.message).join("\n"));
  const config: Config = { ...parsed.data, help: values.help === true };
  if (config.databasePath !== undefined) {
    config.databasePath = resolve(config.databasePath);
    if (!existsSync(config.databasePath))
      throw new Error(
        `--db: no file at ${config.databasePath} (it must exist; this server never creates one)`,
      );
  }
  return config;
}

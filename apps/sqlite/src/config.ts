import { existsSync } from "node:fs";
import { resolve } from "node:path";
import {
  ConfigError,
  defineFlags,
  numberFlag,
  parseFlags,
  replicaConfigFor,
  serverFlags,
  stringFlag,
} from "@mcpkit/core";

export const flags = defineFlags({
  program: "sqlite",
  summary: "A read-only SQLite query MCP server.",
  envPrefix: "SQLITE",
  flags: {
    databasePath: stringFlag("SQLite file to serve, opened read-only; it must exist", {
      name: "db",
      placeholder: "<file>",
      defaultHelp: "the embedded sample shop database (generated on first use)",
    }),
    timeoutMs: numberFlag("Stop a call still running after this long", {
      default: 10_000,
      placeholder: "<ms>",
    }),
    maxRows: numberFlag("Most rows one query call may return", { max: 100_000, default: 1_000 }),
    maxProcesses: numberFlag("Query processes running calls at once", { max: 64, default: 4 }),
    ...serverFlags,
  },
});

export type Config = Exclude<ReturnType<typeof parseConfig>, "help">;

/** Parses flags (which win) and environment variables; "help" for --help, a ConfigError for bad input. */
export function parseConfig(argv: readonly string[], env: NodeJS.ProcessEnv) {
  const parsed = parseFlags(flags, argv, env);
  if (parsed === "help") return parsed;
  const config = { ...parsed, ...replicaConfigFor(parsed, env) };
  if (config.databasePath === undefined) return config;
  const databasePath = resolve(config.databasePath);
  if (!existsSync(databasePath))
    throw new ConfigError(`--db: no file at ${databasePath} (it must exist; this server never creates one)`);
  return { ...config, databasePath };
}

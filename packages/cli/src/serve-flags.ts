import type { RunOptions, ServerLogLevel } from "@mcpkit/core";
import { UsageError } from "./errors.js";
import type { ServeFlags } from "./target.js";

export const serveOptions = {
  transport: { type: "string" },
  host: { type: "string" },
  port: { type: "string" },
  "log-level": { type: "string" },
} as const;

const TRANSPORTS = ["stdio", "http", "sse"];
const LOG_LEVELS = ["debug", "info", "warning", "error", "silent"];

/** Checks `--transport`, `--host`, `--port`, `--log-level` once, for every kind of target. */
export function parseServeFlags(values: {
  transport?: string;
  host?: string;
  port?: string;
  "log-level"?: string;
}): ServeFlags {
  const { transport, host, port } = values;
  const logLevel = values["log-level"];
  if (transport !== undefined && !TRANSPORTS.includes(transport)) {
    throw new UsageError(`--transport must be one of ${TRANSPORTS.join(", ")}, got "${transport}"`);
  }
  if (port !== undefined && !/^\d{1,5}$/.test(port))
    throw new UsageError(`--port must be a number 0-65535, got "${port}"`);
  if (port !== undefined && Number(port) > 65_535)
    throw new UsageError(`--port must be at most 65535, got ${port}`);
  if (logLevel !== undefined && !LOG_LEVELS.includes(logLevel)) {
    throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(", ")}, got "${logLevel}"`);
  }
  if ((host !== undefined || port !== undefined) && (transport ?? "stdio") === "stdio") {
    throw new UsageError("--host and --port need --transport http or sse");
  }
  return { transport, host, port, logLevel };
}

export function runOptions(flags: ServeFlags): RunOptions {
  if (flags.transport !== "http" && flags.transport !== "sse") return { transport: "stdio" };
  const options: RunOptions = { transport: flags.transport };
  if (flags.host !== undefined) options.host = flags.host;
  if (flags.port !== undefined) options.port = Number(flags.port);
  return options;
}

export function logLevelOf(flags: ServeFlags): ServerLogLevel | undefined {
  return flags.logLevel as ServerLogLevel | undefined;
}

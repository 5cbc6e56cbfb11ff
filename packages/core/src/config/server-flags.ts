import { z } from "zod";

/**
 * The zod field for `--transport stdio|http`, default stdio, for a server config schema (see
 * `parseCommandLine`). A server that offers more transports declares its own.
 *
 * @example
 * const configSchema = z.object({ transport: transportFlag, host: hostFlag, port: portFlag, logLevel: logLevelFlag });
 */
export const transportFlag = z
  .enum(["stdio", "http"], { error: "--transport must be stdio or http" })
  .default("stdio");

/**
 * The zod field for `--host`, the HTTP interface to listen on, default 127.0.0.1 (never every
 * interface unless asked).
 *
 * @example
 * const configSchema = z.object({ host: hostFlag });
 */
export const hostFlag = z.string().min(1).default("127.0.0.1");

/**
 * A zod field for a flag that takes a whole number from `min` (default 1) to `max`, with messages
 * naming the flag: a limit, a count, a timeout.
 *
 * @example
 * const configSchema = z.object({ maxRows: wholeNumberFlag("--max-rows", 1, 100_000).default(1000) });
 * // "--max-rows 0": "--max-rows must be at least 1"
 */
export function wholeNumberFlag(name: string, min = 1, max?: number) {
  const field = z.coerce
    .number({ error: `${name} must be a number` })
    .int(`${name} must be a whole number`)
    .min(min, `${name} must be at least ${min}`);
  return max === undefined ? field : field.max(max, `${name} must be at most ${max}`);
}

/**
 * The zod field for `--port`, a whole number 0-65535 (0 picks a free port), default 3000, with
 * messages naming the flag.
 *
 * @example
 * const configSchema = z.object({ port: portFlag }); // "--port 70000": "--port must be at most 65535"
 */
export const portFlag = wholeNumberFlag("--port", 0, 65535).default(3000);

/**
 * The zod field for `--log-level debug|info|warning|error|silent`, default info: the server's own
 * stderr log (FastMCP's `logLevel`).
 *
 * @example
 * const configSchema = z.object({ logLevel: logLevelFlag });
 * new FastMCP({ name: "weather", version: "1.0.0", logLevel: config.logLevel });
 */
export const logLevelFlag = z
  .enum(["debug", "info", "warning", "error", "silent"], {
    error: "--log-level must be debug, info, warning, error or silent",
  })
  .default("info");

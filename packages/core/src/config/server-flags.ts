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
 * The zod field for `--port`, a whole number 0-65535 (0 picks a free port), default 3000, with
 * messages naming the flag.
 *
 * @example
 * const configSchema = z.object({ port: portFlag }); // "--port 70000": "--port must be at most 65535"
 */
export const portFlag = z.coerce
  .number({ error: "--port must be a number" })
  .int("--port must be a whole number")
  .min(0, "--port must be at least 0")
  .max(65535, "--port must be at most 65535")
  .default(3000);

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

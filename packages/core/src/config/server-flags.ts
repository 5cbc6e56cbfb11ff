import type { RunOptions } from "../facade/run-options.js";
import { type AuthFlagValues, authFlags, authOptionsFor } from "./auth-flags.js";
import { enumFlag, numberFlag, stringFlag } from "./flag.js";
import { redisUrlFlag } from "./replica-flags.js";

/**
 * `--transport stdio|http|sse`, default stdio: every server offers all three (`sse` is the legacy
 * HTTP+SSE transport older clients still speak).
 *
 * @example
 * const flags = defineFlags({ program: "weather", summary: "...", envPrefix: "WEATHER", flags: { transport: transportFlag } });
 */
export const transportFlag = enumFlag(["stdio", "http", "sse"], "How clients connect", { default: "stdio" });

/**
 * `--host`, the HTTP interface to listen on, default 127.0.0.1 (never every interface unless asked).
 *
 * @example
 * const flags = { host: hostFlag };
 */
export const hostFlag = stringFlag("HTTP interface to listen on", {
  default: "127.0.0.1",
  placeholder: "<host>",
});

/**
 * `--port`, 0-65535 (0 picks a free port), default 3000.
 *
 * @example
 * const flags = { port: portFlag }; // "--port 70000": "--port must be at most 65535"
 */
export const portFlag = numberFlag("HTTP port; 0 picks a free one", {
  min: 0,
  max: 65_535,
  default: 3000,
  placeholder: "<port>",
});

/**
 * `--log-level debug|info|warning|error|silent`, default info: the server's own stderr log
 * (FastMCP's `logLevel`).
 *
 * @example
 * new FastMCP({ name: "weather", version: "1.0.0", logLevel: config.logLevel });
 */
export const logLevelFlag = enumFlag(
  ["debug", "info", "warning", "error", "silent"],
  "Server log on stderr: debug, info, warning, error or silent",
  {
    default: "info",
    placeholder: "<level>",
  },
);

/**
 * The flags every server shares, for spreading into a flag table: transport, host, port, log
 * level, the Redis shared by replicas (`--redis-url`, checked by `replicaConfigFor`), and the
 * OAuth resource-server group (`--auth-*`, see `authFlags`).
 *
 * @example
 * const flags = defineFlags({ program: "weather", summary: "...", envPrefix: "WEATHER",
 *   flags: { offline: booleanFlag("Serve recorded responses"), ...serverFlags } });
 */
export const serverFlags = {
  transport: transportFlag,
  host: hostFlag,
  port: portFlag,
  logLevel: logLevelFlag,
  redisUrl: redisUrlFlag,
  auth: authFlags,
} as const;

/**
 * The `run()` options for the shared server flags' values: stdio, or HTTP/SSE on host and port,
 * with bearer-token authentication when the `--auth-*` flags ask for it.
 *
 * @example
 * const running = await server.run(runOptionsFor(config));
 */
export function runOptionsFor(config: {
  transport: "stdio" | "http" | "sse";
  host: string;
  port: number;
  auth?: AuthFlagValues;
}): RunOptions {
  if (config.transport === "stdio") return { transport: "stdio" };
  const auth = authOptionsFor(config.auth);
  const options = { transport: config.transport, host: config.host, port: config.port };
  return auth ? { ...options, auth } : options;
}

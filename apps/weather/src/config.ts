import {
  hostFlag,
  logLevelFlag,
  parseCommandLine,
  portFlag,
  transportFlag,
  wholeNumberFlag,
} from "@mcpkit/core";
import { z } from "zod";
import { defaultBaseUrls } from "./open-meteo.js";
import { defaultUpstreamOptions } from "./upstream.js";

export const HELP = `Usage: weather [options]

An MCP server for weather anywhere on earth (Open-Meteo) and US alerts (National Weather Service).

Options (each also read from the environment variable in brackets; flags win):
  --offline                  Serve recorded responses from a local upstream on 127.0.0.1 instead of
                             the internet (a demo that works without network) [WEATHER_OFFLINE=1]
  --geocoding-url <url>      Geocoding origin, default ${defaultBaseUrls.geocoding} [WEATHER_GEOCODING_URL]
  --forecast-url <url>       Forecast origin, default ${defaultBaseUrls.forecast} [WEATHER_FORECAST_URL]
  --alerts-url <url>         NWS alerts origin, default ${defaultBaseUrls.alerts} [WEATHER_ALERTS_URL]
  --no-alerts                Do not offer get_alerts [WEATHER_NO_ALERTS=1]
  --timeout <ms>             Budget per upstream call, retries included, default ${defaultUpstreamOptions.timeoutMs} [WEATHER_TIMEOUT]
  --retries <n>              Retries on 429, 5xx and dropped connections, default ${defaultUpstreamOptions.retries} [WEATHER_RETRIES]
  --user-agent <text>        Sent upstream (NWS requires one), default "${defaultUpstreamOptions.userAgent}" [WEATHER_USER_AGENT]
  --transport <stdio|http>   Default stdio [WEATHER_TRANSPORT]
  --host <host>              HTTP host, default 127.0.0.1 [WEATHER_HOST]
  --port <port>              HTTP port, default 3000 [WEATHER_PORT]
  --log-level <level>        debug|info|warning|error|silent, default info [WEATHER_LOG_LEVEL]
  --help                     Show this help
`;

const flag = z
  .union([z.boolean(), z.enum(["1", "true", "yes", "0", "false", "no", ""])])
  .transform((value) => value === true || value === "1" || value === "true" || value === "yes");

const origin = (name: string) =>
  z
    .url({ protocol: /^https?$/, error: `${name} must be an http(s) URL` })
    .transform((url) => url.replace(/\/+$/, ""));

const configSchema = z.object({
  offline: flag.default(false),
  alerts: flag.default(false).transform((noAlerts) => !noAlerts),
  baseUrls: z.object({
    geocoding: origin("--geocoding-url").default(defaultBaseUrls.geocoding),
    forecast: origin("--forecast-url").default(defaultBaseUrls.forecast),
    alerts: origin("--alerts-url").default(defaultBaseUrls.alerts),
  }),
  upstream: z.object({
    timeoutMs: wholeNumberFlag("--timeout", 100, 120_000).default(defaultUpstreamOptions.timeoutMs),
    retries: wholeNumberFlag("--retries", 0, 10).default(defaultUpstreamOptions.retries),
    userAgent: z.string().min(1, "--user-agent must not be empty").default(defaultUpstreamOptions.userAgent),
  }),
  transport: transportFlag,
  host: hostFlag,
  port: portFlag,
  logLevel: logLevelFlag,
});

export type Config = z.infer<typeof configSchema>;

const text = { type: "string" } as const;
const bool = { type: "boolean" } as const;

/** Parses the command line and environment; returns "help" for --help, throws ConfigError on bad input. */
export function parseConfig(argv: readonly string[], env: NodeJS.ProcessEnv): Config | "help" {
  return parseCommandLine(argv, env, {
    envPrefix: "WEATHER",
    options: {
      offline: bool,
      "geocoding-url": text,
      "forecast-url": text,
      "alerts-url": text,
      "no-alerts": bool,
      timeout: text,
      retries: text,
      "user-agent": text,
      transport: text,
      host: text,
      port: text,
      "log-level": text,
    },
    schema: configSchema,
    input: (pick) => ({
      offline: pick("offline"),
      alerts: pick("no-alerts"),
      baseUrls: {
        geocoding: pick("geocoding-url"),
        forecast: pick("forecast-url"),
        alerts: pick("alerts-url"),
      },
      upstream: { timeoutMs: pick("timeout"), retries: pick("retries"), userAgent: pick("user-agent") },
      transport: pick("transport"),
      host: pick("host"),
      port: pick("port"),
      logLevel: pick("log-level"),
    }),
  });
}

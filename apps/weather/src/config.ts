import {
  booleanFlag,
  defineFlag,
  defineFlags,
  numberFlag,
  parseFlags,
  replicaConfigFor,
  serverFlags,
  stringFlag,
} from "@mcpkit/core";
import { z } from "zod";
import { defaultBaseUrls } from "./open-meteo.js";
import { defaultUpstreamOptions } from "./upstream.js";

const origin = (name: string, help: string, fallback: string) =>
  defineFlag({
    kind: "string",
    name,
    help,
    placeholder: "<url>",
    schema: z
      .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
      .transform((url) => url.replace(/\/+$/, ""))
      .default(fallback),
  });

export const flags = defineFlags({
  program: "weather",
  summary:
    "An MCP server for weather anywhere on earth (Open-Meteo) and US alerts (National Weather Service).",
  envPrefix: "WEATHER",
  flags: {
    offline: booleanFlag(
      "Serve recorded responses from a local upstream on 127.0.0.1 instead of the internet (a demo that works without network)",
    ),
    baseUrls: {
      geocoding: origin("geocoding-url", "Geocoding origin", defaultBaseUrls.geocoding),
      forecast: origin("forecast-url", "Forecast origin", defaultBaseUrls.forecast),
      alerts: origin("alerts-url", "NWS alerts origin", defaultBaseUrls.alerts),
    },
    noAlerts: booleanFlag("Do not offer get_alerts"),
    upstream: {
      timeoutMs: numberFlag("Budget per upstream call, retries included", {
        name: "timeout",
        min: 100,
        max: 120_000,
        default: defaultUpstreamOptions.timeoutMs,
        placeholder: "<ms>",
      }),
      retries: numberFlag("Retries on 429, 5xx and dropped connections", {
        min: 0,
        max: 10,
        default: defaultUpstreamOptions.retries,
      }),
      userAgent: stringFlag("Sent upstream (NWS requires one)", {
        default: defaultUpstreamOptions.userAgent,
        placeholder: "<text>",
      }),
    },
    ...serverFlags,
  },
});

export type Config = Exclude<ReturnType<typeof parseConfig>, "help">;

/** Parses the command line and environment; returns "help" for --help, throws ConfigError on bad input. */
export function parseConfig(argv: readonly string[], env: NodeJS.ProcessEnv) {
  const values = parseFlags(flags, argv, env);
  return values === "help" ? values : { ...values, ...replicaConfigFor(values, env) };
}

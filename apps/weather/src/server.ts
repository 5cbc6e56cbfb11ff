import { FastMCP, type ReplicaOptions, replicaOptionsOf, type ServerLogLevel } from "@mcpkit/core";
import { type AlertsProvider, NwsAlerts } from "./nws.js";
import { type BaseUrls, OpenMeteo, type WeatherProvider } from "./open-meteo.js";
import { registerGetForecast, registerGetWeather } from "./tools/conditions.js";
import { registerGetAlerts } from "./tools/get-alerts.js";
import { registerSearchLocations } from "./tools/search-locations.js";
import type { WeatherDeps } from "./tools/weather-deps.js";
import { registerWeatherResources } from "./tools/weather-resources.js";
import { TtlCache } from "./ttl-cache.js";
import { Upstream, type UpstreamOptions } from "./upstream.js";

/** With `ReplicaOptions`: the store, event bus and request-state key replicas share. */
export interface WeatherServerOptions extends ReplicaOptions {
  /** Where weather comes from; defaults to Open-Meteo at `baseUrls`. */
  provider?: WeatherProvider;
  /** US alerts; defaults to the National Weather Service at `baseUrls.alerts`. `false` drops `get_alerts`. */
  alerts?: AlertsProvider | false;
  /** Upstream origins (tests and the offline demo point these at a local server). */
  baseUrls?: Partial<BaseUrls>;
  /** Timeouts, retries and limits for outbound HTTP. */
  upstream?: Partial<UpstreamOptions>;
  logLevel?: ServerLogLevel;
  /** Clock for the caches (tests). */
  now?: () => number;
}

/**
 * The weather MCP server: worldwide current conditions and forecasts from Open-Meteo, US alerts
 * from the National Weather Service, with upstream failures reported to the model in plain words.
 */
export function createWeatherServer(options: WeatherServerOptions = {}): FastMCP {
  // One keep-alive agent for every upstream; it opens no socket until a request needs one.
  const upstream = new Upstream(options.upstream);
  const clock = options.now ? { now: options.now } : {};
  const provider =
    options.provider ?? new OpenMeteo({ baseUrls: options.baseUrls ?? {}, upstream, ...clock });
  const alerts =
    options.alerts === false
      ? undefined
      : (options.alerts ?? new NwsAlerts(upstream, options.baseUrls?.alerts, options.now));
  const mcp = new FastMCP({
    name: "weather",
    version: "0.1.0",
    instructions:
      "Weather anywhere on earth (Open-Meteo). Use get_weather for current conditions, get_forecast for up to 16 days, search_locations to choose between places that share a name, and get_alerts for US warnings. Pass units 'imperial' for °F/mph/inches.",
    maskErrorDetails: true,
    logLevel: options.logLevel ?? "info",
    ...replicaOptionsOf(options),
    lifespan: () => async () => {
      await provider.close?.();
      await upstream.close();
    },
  });
  const deps: WeatherDeps = { provider, recentPlaces: new TtlCache<string>(100, Number.POSITIVE_INFINITY) };
  registerSearchLocations(mcp, deps);
  registerGetWeather(mcp, deps);
  registerGetForecast(mcp, deps);
  if (alerts) registerGetAlerts(mcp, deps, alerts);
  registerWeatherResources(mcp, deps);
  return mcp;
}

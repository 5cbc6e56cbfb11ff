import { type CallToolResult, type Context, FastMCP, type ServerLogLevel, ToolError } from "@mcpkit/core";
import { z } from "zod";
import { type Alert, type AlertsProvider, NwsAlerts } from "./nws.js";
import {
  type BaseUrls,
  MAX_SEARCH_RESULTS,
  OpenMeteo,
  type Place,
  type WeatherProvider,
} from "./open-meteo.js";
import { coordinates, normalize, placeLabel, resolvePlace } from "./places.js";
import { TtlCache } from "./ttl-cache.js";
import type { Units } from "./units.js";
import { Upstream, type UpstreamOptions } from "./upstream.js";
import {
  currentWeather,
  currentWeatherSchema,
  currentWeatherText,
  forecastReport,
  forecastSchema,
  forecastText,
  type Located,
  locationSchema,
} from "./weather-report.js";

export interface WeatherServerOptions {
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

const FORECAST_DAYS_DEFAULT = 7;

const locationInput = {
  city: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe(
      'Place name, optionally narrowed by region or country: "Paris", "Springfield, Illinois", "Springfield, IL", "Perth, Australia". Give this or latitude and longitude.',
    ),
  latitude: z
    .number()
    .min(-90)
    .max(90)
    .optional()
    .describe("Latitude in degrees, -90 to 90 (with longitude, instead of city)"),
  longitude: z
    .number()
    .min(-180)
    .max(180)
    .optional()
    .describe("Longitude in degrees, -180 to 180 (with latitude, instead of city)"),
};

const unitsInput = z
  .enum(["metric", "imperial"])
  .default("metric")
  .describe("metric: °C, km/h, mm, hPa. imperial: °F, mph, inches, inHg.");

const searchResultSchema = z.object({
  query: z.string(),
  results: z.array(
    locationSchema.extend({
      id: z.number(),
      population: z.number().nullable(),
      elevationMeters: z.number().nullable(),
    }),
  ),
});

const alertsSchema = z.object({
  location: locationSchema,
  alerts: z.array(
    z.object({
      event: z.string(),
      headline: z.string().nullable(),
      severity: z.string(),
      urgency: z.string(),
      certainty: z.string(),
      areaDescription: z.string(),
      onset: z.string().nullable(),
      expires: z.string().nullable(),
      senderName: z.string().nullable(),
      description: z.string().nullable(),
      instruction: z.string().nullable(),
    }),
  ),
});

/**
 * The weather MCP server: worldwide current conditions and forecasts from Open-Meteo, US alerts
 * from the National Weather Service, with upstream failures reported to the model in plain words.
 */
export function createWeatherServer(options: WeatherServerOptions = {}): FastMCP {
  // One keep-alive agent for every upstream; it opens no socket until a request needs one.
  const upstream = new Upstream(options.upstream);
  const provider =
    options.provider ?? new OpenMeteo({ baseUrls: options.baseUrls ?? {}, upstream, ...clock(options.now) });
  const alerts =
    options.alerts === false
      ? undefined
      : (options.alerts ?? new NwsAlerts(upstream, options.baseUrls?.alerts, options.now));
  // Names people asked about, for resource completion and resources/list.
  const recentPlaces = new TtlCache<string>(100, Number.POSITIVE_INFINITY);

  const mcp = new FastMCP({
    name: "weather",
    version: "0.1.0",
    instructions:
      "Weather anywhere on earth (Open-Meteo). Use get_weather for current conditions, get_forecast for up to 16 days, search_locations to choose between places that share a name, and get_alerts for US warnings. Pass units 'imperial' for °F/mph/inches.",
    maskErrorDetails: true,
    logLevel: options.logLevel ?? "info",
    lifespan: () => async () => {
      await provider.close?.();
      await upstream.close();
    },
  });

  const locate = async (
    args: { city?: string | undefined; latitude?: number | undefined; longitude?: number | undefined },
    ctx: Context,
  ): Promise<Located> => {
    const { city, latitude, longitude } = args;
    const hasCoordinates = latitude !== undefined || longitude !== undefined;
    if (city !== undefined && hasCoordinates)
      throw new ToolError("Give either city or latitude and longitude, not both.");
    if (city !== undefined) {
      const resolution = await resolvePlace(provider, city, ctx.signal);
      recentPlaces.set(normalize(resolution.place.name), resolution.place.name);
      await ctx.info(
        `Resolved "${city}" to ${placeLabel(resolution.place)} (${coordinates(resolution.place)})`,
      );
      return {
        latitude: resolution.place.latitude,
        longitude: resolution.place.longitude,
        query: city,
        resolution,
      };
    }
    if (latitude === undefined || longitude === undefined) {
      throw new ToolError(
        hasCoordinates
          ? "latitude and longitude go together: give both."
          : "Give a city, or latitude and longitude.",
      );
    }
    return { latitude, longitude };
  };

  const current = async (located: Located, units: Units, ctx: Context) => {
    const request = { latitude: located.latitude, longitude: located.longitude, days: 1, units };
    return currentWeather(await provider.getForecast(request, ctx.signal), located, units);
  };

  const daily = async (located: Located, days: number, units: Units, ctx: Context) => {
    const request = { latitude: located.latitude, longitude: located.longitude, days, units };
    return forecastReport(await provider.getForecast(request, ctx.signal), located, units);
  };

  mcp.tool(
    {
      name: "search_locations",
      title: "Search locations",
      description:
        "Find places by name worldwide. Returns candidates with region, country, coordinates and population, so that an ambiguous name (e.g. 'Springfield') can be resolved before asking for weather by coordinates.",
      input: {
        query: z.string().trim().min(2).max(200).describe("Place name, e.g. 'Springfield' or 'Zürich'"),
        count: z
          .number()
          .int()
          .min(1)
          .max(MAX_SEARCH_RESULTS)
          .default(5)
          .describe(`How many candidates to return, 1 to ${MAX_SEARCH_RESULTS}`),
      },
      output: searchResultSchema,
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    async ({ query, count }, ctx) => {
      const places = await provider.searchLocations(query, count, ctx.signal);
      for (const place of places) recentPlaces.set(normalize(place.name), place.name);
      const report = { query, results: places.map(searchResult) };
      const text =
        places.length === 0
          ? `No places match "${query}". Check the spelling, try the English or local name, or use coordinates.`
          : [`${places.length} place(s) match "${query}":`, ...places.map(searchLine)].join("\n");
      return structured(searchResultSchema, report, text);
    },
  );

  mcp.tool(
    {
      name: "get_weather",
      title: "Current weather",
      description:
        "Current weather at a place (by name) or at coordinates: conditions in words, temperature and feels-like, wind, gusts, humidity, cloud cover, precipitation and pressure. When several places share the name, the most populous is used and the answer says which.",
      input: { ...locationInput, units: unitsInput },
      output: currentWeatherSchema,
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    async ({ units, ...where }, ctx) => {
      const report = await current(await locate(where, ctx), units, ctx);
      return structured(currentWeatherSchema, report, currentWeatherText(report));
    },
  );

  mcp.tool(
    {
      name: "get_forecast",
      title: "Daily forecast",
      description:
        "Daily forecast for 1 to 16 days starting today at a place (by name) or at coordinates: conditions, low and high temperature, precipitation and its probability, wind, sunrise, sunset, UV index.",
      input: {
        ...locationInput,
        days: z
          .number()
          .int()
          .min(1)
          .max(16)
          .default(FORECAST_DAYS_DEFAULT)
          .describe("Number of days, 1 to 16"),
        units: unitsInput,
      },
      output: forecastSchema,
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    async ({ units, days, ...where }, ctx) => {
      const report = await daily(await locate(where, ctx), days, units, ctx);
      return structured(forecastSchema, report, forecastText(report));
    },
  );

  if (alerts) {
    mcp.tool(
      {
        name: "get_alerts",
        title: "US weather alerts",
        description:
          "Active watches, warnings and advisories from the US National Weather Service for a place in the United States (by name or coordinates). Places outside the US have no NWS alerts.",
        input: locationInput,
        output: alertsSchema,
        annotations: { readOnlyHint: true, openWorldHint: true },
      },
      async (where, ctx) => {
        const located = await locate(where, ctx);
        const place = located.resolution?.place;
        if (place?.countryCode !== undefined && place.countryCode !== "US") {
          throw new ToolError(
            `NWS alerts cover the United States only; ${placeLabel(place)} is not in the US. Use get_forecast for weather there.`,
          );
        }
        const found = await alerts.getAlerts(located.latitude, located.longitude, ctx.signal);
        const label = place ? placeLabel(place) : `${located.latitude}, ${located.longitude}`;
        const location = {
          name: place?.name ?? label,
          label,
          latitude: located.latitude,
          longitude: located.longitude,
        };
        return structured(alertsSchema, { location, alerts: found }, alertsText(label, found));
      },
    );
  }

  const completeCity = (value: string) => {
    const typed = normalize(value);
    return recentPlaces
      .values()
      .filter((name) => normalize(name).startsWith(typed))
      .sort();
  };
  const listed = (suffix: string, description: string) => () =>
    recentPlaces.values().map((name) => ({
      uri: `weather://${encodeURIComponent(name)}/${suffix}`,
      name: `${name} ${suffix}`,
      description,
      mimeType: "application/json",
    }));

  mcp.resource(
    "weather://{city}/current",
    {
      name: "current-weather",
      description: "Current weather for a city in metric units, as JSON (the get_weather result).",
      mimeType: "application/json",
      complete: { city: completeCity },
      list: listed("current", "Current weather (metric)"),
    },
    async ({ city }, ctx) => current(await locate({ city }, ctx), "metric", ctx),
  );

  mcp.resource(
    "weather://{city}/forecast",
    {
      name: "forecast",
      description: `${FORECAST_DAYS_DEFAULT}-day forecast for a city in metric units, as JSON (the get_forecast result).`,
      mimeType: "application/json",
      complete: { city: completeCity },
      list: listed("forecast", `${FORECAST_DAYS_DEFAULT}-day forecast (metric)`),
    },
    async ({ city }, ctx) => daily(await locate({ city }, ctx), FORECAST_DAYS_DEFAULT, "metric", ctx),
  );

  return mcp;
}

function clock(now: (() => number) | undefined): { now?: () => number } {
  return now ? { now } : {};
}

/** Validated structured content plus a short readable text, instead of the JSON dump. */
function structured<S extends z.ZodType>(schema: S, value: z.input<S>, text: string): CallToolResult {
  const structuredContent = schema.parse(value) as Record<string, unknown>;
  return { content: [{ type: "text", text }], structuredContent };
}

function searchResult(place: Place) {
  const result: z.infer<typeof searchResultSchema>["results"][number] = {
    id: place.id,
    name: place.name,
    label: placeLabel(place),
    latitude: place.latitude,
    longitude: place.longitude,
    population: place.population ?? null,
    elevationMeters: place.elevation ?? null,
  };
  if (place.country !== undefined) result.country = place.country;
  if (place.countryCode !== undefined) result.countryCode = place.countryCode;
  if (place.admin1 !== undefined) result.region = place.admin1;
  if (place.timezone !== undefined) result.timezone = place.timezone;
  return result;
}

function searchLine(place: Place): string {
  const population =
    place.population === undefined ? "" : `, population ${place.population.toLocaleString("en-US")}`;
  return `- ${placeLabel(place)} (${coordinates(place)}${population})`;
}

function alertsText(label: string, alerts: Alert[]): string {
  if (alerts.length === 0) return `No active NWS alerts for ${label}.`;
  const lines = alerts.map(
    (alert) =>
      `- ${alert.event} (${alert.severity}, ${alert.urgency})${alert.expires ? ` until ${alert.expires}` : ""}: ${alert.headline ?? alert.areaDescription}`,
  );
  return [`${alerts.length} active NWS alert(s) for ${label}:`, ...lines].join("\n");
}

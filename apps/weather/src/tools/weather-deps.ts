import type { CallToolResult, Context } from "@mcpkit/core";
import { ToolError } from "@mcpkit/core";
import { z } from "zod";
import type { WeatherProvider } from "../open-meteo.js";
import { coordinates, normalize, placeLabel, resolvePlace } from "../places.js";
import type { TtlCache } from "../ttl-cache.js";
import type { Units } from "../units.js";
import { currentWeather, forecastReport, type Located } from "../weather-report.js";

/** What the tools and resources share: where weather comes from, and the places people asked about. */
export interface WeatherDeps {
  provider: WeatherProvider;
  /** Names people asked about, for resource completion and resources/list. */
  recentPlaces: TtlCache<string>;
}

export const FORECAST_DAYS_DEFAULT = 7;

export const locationInput = {
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

export const unitsInput = z
  .enum(["metric", "imperial"])
  .default("metric")
  .describe("metric: °C, km/h, mm, hPa. imperial: °F, mph, inches, inHg.");

/** A place by name (resolved, and remembered) or by coordinates; a ToolError for anything else. */
export async function locate(
  { provider, recentPlaces }: WeatherDeps,
  args: { city?: string | undefined; latitude?: number | undefined; longitude?: number | undefined },
  ctx: Context,
): Promise<Located> {
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
}

export async function currentAt({ provider }: WeatherDeps, located: Located, units: Units, ctx: Context) {
  const request = { latitude: located.latitude, longitude: located.longitude, days: 1, units };
  return currentWeather(await provider.getForecast(request, ctx.signal), located, units);
}

export async function dailyAt(
  { provider }: WeatherDeps,
  located: Located,
  days: number,
  units: Units,
  ctx: Context,
) {
  const request = { latitude: located.latitude, longitude: located.longitude, days, units };
  return forecastReport(await provider.getForecast(request, ctx.signal), located, units);
}

export /** Validated structured content plus a short readable text, instead of the JSON dump. */
function structured<S extends z.ZodType>(schema: S, value: z.input<S>, text: string): CallToolResult {
  const structuredContent = schema.parse(value) as Record<string, unknown>;
  return { content: [{ type: "text", text }], structuredContent };
}

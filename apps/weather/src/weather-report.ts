import { z } from "zod";
import type { Forecast, Place } from "./open-meteo.js";
import { coordinates, placeLabel, type Resolution } from "./places.js";
import { compassDirection, convertPressure, type Units, unitLabels } from "./units.js";
import { describeWeatherCode } from "./wmo-codes.js";

const reading = z.number().nullable();

export const locationSchema = z.object({
  name: z.string(),
  label: z.string().describe("Name, region and country"),
  latitude: z.number(),
  longitude: z.number(),
  country: z.string().optional(),
  countryCode: z.string().optional(),
  region: z.string().optional(),
  timezone: z.string().optional(),
});

const ambiguitySchema = z
  .object({
    query: z.string(),
    picked: z.string().describe("The place used: the most populous of those with this name"),
    alternatives: z.array(
      z.object({
        label: z.string(),
        latitude: z.number(),
        longitude: z.number(),
        population: z.number().nullable(),
      }),
    ),
  })
  .describe("Present when several places have this name");

const unitsSchema = z.object({
  system: z.enum(["metric", "imperial"]),
  temperature: z.enum(["°C", "°F"]),
  windSpeed: z.enum(["km/h", "mph"]),
  precipitation: z.enum(["mm", "in"]),
  pressure: z.enum(["hPa", "inHg"]),
});

export const currentWeatherSchema = z.object({
  location: locationSchema,
  ambiguity: ambiguitySchema.optional(),
  units: unitsSchema.describe("Units of every number below"),
  observedAt: z.string().describe("Local time at the place, ISO 8601"),
  condition: z.string(),
  weatherCode: reading.describe("WMO weather code"),
  isDay: z.boolean().nullable(),
  temperature: reading,
  feelsLike: reading,
  humidityPercent: reading,
  cloudCoverPercent: reading,
  precipitation: reading,
  pressure: reading,
  windSpeed: reading,
  windGusts: reading,
  windDirectionDegrees: reading,
  windDirection: z.string().nullable().describe("Compass point the wind blows from"),
});

export const forecastSchema = z.object({
  location: locationSchema,
  ambiguity: ambiguitySchema.optional(),
  units: unitsSchema.describe("Units of every number below"),
  days: z.array(
    z.object({
      date: z.string(),
      condition: z.string(),
      weatherCode: reading,
      temperatureMax: reading,
      temperatureMin: reading,
      precipitation: reading,
      precipitationProbabilityPercent: reading,
      windSpeedMax: reading,
      windGustsMax: reading,
      windDirection: z.string().nullable(),
      sunrise: z.string().nullable(),
      sunset: z.string().nullable(),
      uvIndexMax: reading,
    }),
  ),
});

export type CurrentWeather = z.infer<typeof currentWeatherSchema>;
export type ForecastReport = z.infer<typeof forecastSchema>;
export type Location = z.infer<typeof locationSchema>;

/** What the caller asked for: coordinates, and the place they came from when asked by name. */
export interface Located {
  latitude: number;
  longitude: number;
  query?: string;
  resolution?: Resolution;
}

/** Where the weather is for: a resolved place, or bare coordinates with the timezone upstream found. */
function describeLocation(asked: Located, forecast: Forecast): Location {
  const { resolution } = asked;
  if (!resolution) {
    const label = coordinates(asked);
    return {
      name: label,
      label,
      latitude: asked.latitude,
      longitude: asked.longitude,
      timezone: forecast.timezone,
    };
  }
  const { place } = resolution;
  const location: Location = {
    name: place.name,
    label: placeLabel(place),
    latitude: place.latitude,
    longitude: place.longitude,
    timezone: place.timezone ?? forecast.timezone,
  };
  if (place.country !== undefined) location.country = place.country;
  if (place.countryCode !== undefined) location.countryCode = place.countryCode;
  if (place.admin1 !== undefined) location.region = place.admin1;
  return location;
}

function describeAmbiguity({ query, resolution }: Located): CurrentWeather["ambiguity"] {
  if (!resolution || resolution.alternatives.length === 0) return undefined;
  return {
    query: query ?? resolution.place.name,
    picked: placeLabel(resolution.place),
    alternatives: resolution.alternatives.map((place: Place) => ({
      label: placeLabel(place),
      latitude: place.latitude,
      longitude: place.longitude,
      population: place.population ?? null,
    })),
  };
}

export function currentWeather(forecast: Forecast, asked: Located, units: Units): CurrentWeather {
  const { current } = forecast;
  const report: CurrentWeather = {
    location: describeLocation(asked, forecast),
    units: { system: units, ...unitLabels[units] },
    observedAt: current.time,
    condition: describeWeatherCode(current.weatherCode),
    weatherCode: current.weatherCode,
    isDay: current.isDay,
    temperature: current.temperature,
    feelsLike: current.apparentTemperature,
    humidityPercent: current.relativeHumidity,
    cloudCoverPercent: current.cloudCover,
    precipitation: current.precipitation,
    pressure: convertPressure(current.pressureMsl, units),
    windSpeed: current.windSpeed,
    windGusts: current.windGusts,
    windDirectionDegrees: current.windDirection,
    windDirection: compassDirection(current.windDirection),
  };
  const ambiguity = describeAmbiguity(asked);
  if (ambiguity) report.ambiguity = ambiguity;
  return report;
}

export function forecastReport(forecast: Forecast, asked: Located, units: Units): ForecastReport {
  const report: ForecastReport = {
    location: describeLocation(asked, forecast),
    units: { system: units, ...unitLabels[units] },
    days: forecast.daily.map((day) => ({
      date: day.date,
      condition: describeWeatherCode(day.weatherCode),
      weatherCode: day.weatherCode,
      temperatureMax: day.temperatureMax,
      temperatureMin: day.temperatureMin,
      precipitation: day.precipitationSum,
      precipitationProbabilityPercent: day.precipitationProbabilityMax,
      windSpeedMax: day.windSpeedMax,
      windGustsMax: day.windGustsMax,
      windDirection: compassDirection(day.windDirectionDominant),
      sunrise: day.sunrise,
      sunset: day.sunset,
      uvIndexMax: day.uvIndexMax,
    })),
  };
  const ambiguity = describeAmbiguity(asked);
  if (ambiguity) report.ambiguity = ambiguity;
  return report;
}

export function currentWeatherText(report: CurrentWeather): string {
  const u = report.units;
  const lines = [ambiguityText(report.ambiguity)];
  lines.push(
    `Current weather in ${report.location.label} (${coordinates(report.location)}) at ${report.observedAt.replace("T", " ")} local time:`,
    `${report.condition}, ${amount(report.temperature, u.temperature)} (feels like ${amount(report.feelsLike, u.temperature)}).`,
    `Wind ${amount(report.windSpeed, u.windSpeed)}${report.windDirection ? ` from ${report.windDirection}` : ""}, gusts ${amount(report.windGusts, u.windSpeed)}.`,
    `Humidity ${amount(report.humidityPercent, "%")}, cloud cover ${amount(report.cloudCoverPercent, "%")}, precipitation ${amount(report.precipitation, u.precipitation)}, pressure ${amount(report.pressure, u.pressure)}.`,
  );
  return lines.filter(Boolean).join("\n");
}

export function forecastText(report: ForecastReport): string {
  const u = report.units;
  const lines = [ambiguityText(report.ambiguity)];
  lines.push(
    `${report.days.length}-day forecast for ${report.location.label} (${coordinates(report.location)}):`,
  );
  for (const day of report.days) {
    const rain = `${amount(day.precipitation, u.precipitation)}${day.precipitationProbabilityPercent === null ? "" : ` (${day.precipitationProbabilityPercent}% chance)`}`;
    lines.push(
      `${day.date}: ${day.condition}, ${amount(day.temperatureMin, u.temperature)} to ${amount(day.temperatureMax, u.temperature)}, precipitation ${rain}, wind up to ${amount(day.windSpeedMax, u.windSpeed)}.`,
    );
  }
  return lines.filter(Boolean).join("\n");
}

function ambiguityText(ambiguity: CurrentWeather["ambiguity"]): string {
  if (!ambiguity) return "";
  const others = ambiguity.alternatives.slice(0, 4).map((place) => place.label);
  return `Several places are called "${ambiguity.query}"; picked the most populous: ${ambiguity.picked}. Others: ${others.join("; ")}. Ask again with a region (e.g. "${others[0] ?? ambiguity.query}") or coordinates for another.`;
}

function amount(value: number | null, unit: string): string {
  if (value === null) return "n/a";
  return unit === "%" ? `${value}%` : `${value} ${unit}`;
}

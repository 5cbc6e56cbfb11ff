import { z } from "zod";
import { TtlCache } from "./ttl-cache.js";
import type { Units } from "./units.js";
import { Upstream, UpstreamError, type UpstreamOptions } from "./upstream.js";

/** A place from the geocoding API. */
export interface Place {
  id: number;
  name: string;
  latitude: number;
  longitude: number;
  elevation?: number | undefined;
  featureCode?: string | undefined;
  countryCode?: string | undefined;
  country?: string | undefined;
  admin1?: string | undefined;
  admin2?: string | undefined;
  admin3?: string | undefined;
  admin4?: string | undefined;
  timezone?: string | undefined;
  population?: number | undefined;
  postcodes?: string[] | undefined;
}

export interface ForecastRequest {
  latitude: number;
  longitude: number;
  /** 1 to 16 daily entries, starting today (local time). */
  days: number;
  units: Units;
}

type Reading = number | null;

export interface CurrentConditions {
  time: string;
  temperature: Reading;
  apparentTemperature: Reading;
  relativeHumidity: Reading;
  isDay: boolean | null;
  precipitation: Reading;
  weatherCode: Reading;
  cloudCover: Reading;
  pressureMsl: Reading;
  windSpeed: Reading;
  windDirection: Reading;
  windGusts: Reading;
}

export interface DailyForecast {
  date: string;
  weatherCode: Reading;
  temperatureMax: Reading;
  temperatureMin: Reading;
  precipitationSum: Reading;
  precipitationProbabilityMax: Reading;
  windSpeedMax: Reading;
  windGustsMax: Reading;
  windDirectionDominant: Reading;
  sunrise: string | null;
  sunset: string | null;
  uvIndexMax: Reading;
}

export interface Forecast {
  latitude: number;
  longitude: number;
  elevation: number | undefined;
  timezone: string;
  timezoneAbbreviation: string | undefined;
  current: CurrentConditions;
  daily: DailyForecast[];
}

/** Where weather comes from; the server depends on this, tests may inject a fake. */
export interface WeatherProvider {
  searchLocations(query: string, count: number, signal?: AbortSignal): Promise<Place[]>;
  getForecast(request: ForecastRequest, signal?: AbortSignal): Promise<Forecast>;
  close?(): Promise<void>;
}

export interface BaseUrls {
  geocoding: string;
  forecast: string;
  alerts: string;
}

export const defaultBaseUrls: BaseUrls = {
  geocoding: "https://geocoding-api.open-meteo.com",
  forecast: "https://api.open-meteo.com",
  alerts: "https://api.weather.gov",
};

export interface OpenMeteoOptions {
  baseUrls?: Partial<Pick<BaseUrls, "geocoding" | "forecast">>;
  upstream?: Upstream | Partial<UpstreamOptions>;
  /** Forecasts are refreshed hourly upstream, so they are cached for this long. */
  forecastTtlMs?: number;
  now?: () => number;
}

const GEOCODING = "Open-Meteo geocoding API";
/** The most candidates `searchLocations` returns. */
export const MAX_SEARCH_RESULTS = 20;
const FORECAST = "Open-Meteo forecast API";

const UPSTREAM_UNITS: Record<
  Units,
  { temperature: string; wind: string; precipitation: string; label: string }
> = {
  metric: { temperature: "celsius", wind: "kmh", precipitation: "mm", label: "°C" },
  imperial: { temperature: "fahrenheit", wind: "mph", precipitation: "inch", label: "°F" },
};

const reading = z.number().nullable().optional();

const placeSchema = z.object({
  id: z.number(),
  name: z.string(),
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  elevation: z.number().optional(),
  feature_code: z.string().optional(),
  country_code: z.string().optional(),
  country: z.string().optional(),
  admin1: z.string().optional(),
  admin2: z.string().optional(),
  admin3: z.string().optional(),
  admin4: z.string().optional(),
  timezone: z.string().optional(),
  population: z.number().optional(),
  postcodes: z.array(z.string()).optional(),
});

/** No match is a response without `results` at all. */
const searchSchema = z.object({ results: z.array(placeSchema).optional() });

const readings = z.array(z.number().nullable()).optional();
const times = z.array(z.string().nullable()).optional();

/** The variables requested are exactly the keys of these two schemas. */
const currentSchema = z.object({
  temperature_2m: reading,
  relative_humidity_2m: reading,
  apparent_temperature: reading,
  is_day: reading,
  precipitation: reading,
  weather_code: reading,
  cloud_cover: reading,
  pressure_msl: reading,
  wind_speed_10m: reading,
  wind_direction_10m: reading,
  wind_gusts_10m: reading,
});

const dailySchema = z.object({
  weather_code: readings,
  temperature_2m_max: readings,
  temperature_2m_min: readings,
  precipitation_sum: readings,
  precipitation_probability_max: readings,
  wind_speed_10m_max: readings,
  wind_gusts_10m_max: readings,
  wind_direction_10m_dominant: readings,
  sunrise: times,
  sunset: times,
  uv_index_max: readings,
});

const CURRENT_FIELDS = Object.keys(currentSchema.shape);
const DAILY_FIELDS = Object.keys(dailySchema.shape);

const forecastSchema = z.object({
  latitude: z.number(),
  longitude: z.number(),
  elevation: z.number().optional(),
  timezone: z.string(),
  timezone_abbreviation: z.string().optional(),
  current_units: z.object({ temperature_2m: z.string().optional() }).optional(),
  current: currentSchema.extend({ time: z.string() }),
  daily: dailySchema.extend({ time: z.array(z.string()) }),
});

type ForecastResponse = z.infer<typeof forecastSchema>;

/**
 * The Open-Meteo client (geocoding and forecast, no API key). Place lookups are cached for the
 * life of the process (places do not move); forecasts for an hour, keyed by the normalized request.
 */
export class OpenMeteo implements WeatherProvider {
  private readonly upstream: Upstream;
  private readonly ownsUpstream: boolean;
  private readonly geocodingUrl: string;
  private readonly forecastUrl: string;
  private readonly places: TtlCache<Place[]>;
  private readonly forecasts: TtlCache<Forecast>;

  constructor(options: OpenMeteoOptions = {}) {
    this.ownsUpstream = !(options.upstream instanceof Upstream);
    this.upstream = options.upstream instanceof Upstream ? options.upstream : new Upstream(options.upstream);
    this.geocodingUrl = options.baseUrls?.geocoding ?? defaultBaseUrls.geocoding;
    this.forecastUrl = options.baseUrls?.forecast ?? defaultBaseUrls.forecast;
    this.places = new TtlCache(1_000, Number.POSITIVE_INFINITY, options.now);
    this.forecasts = new TtlCache(500, options.forecastTtlMs ?? 60 * 60 * 1000, options.now);
  }

  async searchLocations(query: string, count: number, signal?: AbortSignal): Promise<Place[]> {
    const name = query.trim().replace(/\s+/g, " ");
    // Always ask for the most candidates anyone may want, so each name costs one request.
    const places = await this.places.getOrLoad(name.toLowerCase(), async () => {
      const url = new URL("/v1/search", this.geocodingUrl);
      url.search = new URLSearchParams({
        name,
        count: String(MAX_SEARCH_RESULTS),
        language: "en",
        format: "json",
      }).toString();
      const response = await this.upstream.getJson(GEOCODING, url, searchSchema, signal);
      return (response.results ?? []).map(toPlace);
    });
    return places.slice(0, count);
  }

  async getForecast(request: ForecastRequest, signal?: AbortSignal): Promise<Forecast> {
    // Two decimals (about 1 km) is finer than the model grid, and lets nearby requests share an entry.
    const latitude = round(request.latitude, 2);
    const longitude = round(request.longitude, 2);
    const key = `${latitude},${longitude}|${request.days}|${request.units}`;
    return this.forecasts.getOrLoad(key, async () => {
      const units = UPSTREAM_UNITS[request.units];
      const url = new URL("/v1/forecast", this.forecastUrl);
      url.search = new URLSearchParams({
        latitude: String(latitude),
        longitude: String(longitude),
        current: CURRENT_FIELDS.join(","),
        daily: DAILY_FIELDS.join(","),
        temperature_unit: units.temperature,
        wind_speed_unit: units.wind,
        precipitation_unit: units.precipitation,
        timezone: "auto",
        forecast_days: String(request.days),
      }).toString();
      const response = await this.upstream.getJson(FORECAST, url, forecastSchema, signal);
      const reported = response.current_units?.temperature_2m;
      if (reported !== undefined && reported !== units.label) {
        throw new UpstreamError(`${FORECAST} answered in ${reported} although ${units.label} was requested.`);
      }
      return toForecast(response);
    });
  }

  async close(): Promise<void> {
    if (this.ownsUpstream) await this.upstream.close();
  }
}

function toPlace(place: z.infer<typeof placeSchema>): Place {
  return {
    id: place.id,
    name: place.name,
    latitude: place.latitude,
    longitude: place.longitude,
    elevation: place.elevation,
    featureCode: place.feature_code,
    countryCode: place.country_code,
    country: place.country,
    admin1: place.admin1,
    admin2: place.admin2,
    admin3: place.admin3,
    admin4: place.admin4,
    timezone: place.timezone,
    population: place.population,
    postcodes: place.postcodes,
  };
}

function toForecast({ current, daily, ...response }: ForecastResponse): Forecast {
  const value = (reading: number | null | undefined) => reading ?? null;
  return {
    latitude: response.latitude,
    longitude: response.longitude,
    elevation: response.elevation,
    timezone: response.timezone,
    timezoneAbbreviation: response.timezone_abbreviation,
    current: {
      time: current.time,
      temperature: value(current.temperature_2m),
      apparentTemperature: value(current.apparent_temperature),
      relativeHumidity: value(current.relative_humidity_2m),
      isDay: current.is_day === undefined || current.is_day === null ? null : current.is_day === 1,
      precipitation: value(current.precipitation),
      weatherCode: value(current.weather_code),
      cloudCover: value(current.cloud_cover),
      pressureMsl: value(current.pressure_msl),
      windSpeed: value(current.wind_speed_10m),
      windDirection: value(current.wind_direction_10m),
      windGusts: value(current.wind_gusts_10m),
    },
    // Arrays shorter than `time` (an upstream quirk, or a model without that variable) read as null.
    daily: daily.time.map((date, index) => ({
      date,
      weatherCode: daily.weather_code?.[index] ?? null,
      temperatureMax: daily.temperature_2m_max?.[index] ?? null,
      temperatureMin: daily.temperature_2m_min?.[index] ?? null,
      precipitationSum: daily.precipitation_sum?.[index] ?? null,
      precipitationProbabilityMax: daily.precipitation_probability_max?.[index] ?? null,
      windSpeedMax: daily.wind_speed_10m_max?.[index] ?? null,
      windGustsMax: daily.wind_gusts_10m_max?.[index] ?? null,
      windDirectionDominant: daily.wind_direction_10m_dominant?.[index] ?? null,
      sunrise: daily.sunrise?.[index] ?? null,
      sunset: daily.sunset?.[index] ?? null,
      uvIndexMax: daily.uv_index_max?.[index] ?? null,
    })),
  };
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import springfieldAlerts from "./recordings/alerts-springfield-mo.json" with { type: "json" };
import london from "./recordings/forecast-london.json" with { type: "json" };
import newYork from "./recordings/forecast-new-york.json" with { type: "json" };
import paris from "./recordings/forecast-paris.json" with { type: "json" };
import reykjavik from "./recordings/forecast-reykjavik.json" with { type: "json" };
import springfieldIllinois from "./recordings/forecast-springfield-il.json" with { type: "json" };
import springfieldMissouri from "./recordings/forecast-springfield-mo.json" with { type: "json" };
import sydney from "./recordings/forecast-sydney.json" with { type: "json" };
import tokyo from "./recordings/forecast-tokyo.json" with { type: "json" };
import places from "./recordings/places.json" with { type: "json" };

export interface RecordedRequest {
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** True once the client hung up before the answer was sent (a timeout or cancellation). */
  abandoned: boolean;
}

/** A scripted answer; `"hang"` never answers (for timeout tests). */
export type ScriptedResponse = { status: number; headers?: Record<string, string>; body?: string } | "hang";

export interface RecordedUpstreamOptions {
  /** Answers a request instead of the recordings when it returns something (failure injection). */
  intercept?: (request: RecordedRequest, index: number) => ScriptedResponse | undefined;
  /** Added before every answer, to feel like a network. */
  latencyMs?: number;
}

export interface RecordedUpstream {
  /** Origin serving /v1/search, /v1/forecast and /alerts/active, e.g. http://127.0.0.1:41234 */
  url: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

type Recording = typeof london;

const FORECASTS: Recording[] = [
  london,
  paris,
  tokyo,
  newYork,
  sydney,
  springfieldMissouri,
  springfieldIllinois,
  reykjavik,
];

/**
 * A local stand-in for Open-Meteo (geocoding and forecast) and the NWS alerts API, answering
 * from responses recorded in `recordings/`, on 127.0.0.1. It behaves like the real services
 * where the client can tell: fuzzy name search, unit conversion, `forecast_days`, the nearest
 * recorded forecast for any coordinates, and NWS's User-Agent requirement.
 */
export async function startRecordedUpstream(
  options: RecordedUpstreamOptions = {},
  port = 0,
): Promise<RecordedUpstream> {
  const requests: RecordedRequest[] = [];
  const server = createServer((incoming, response) => {
    const url = new URL(incoming.url ?? "/", "http://localhost");
    const request: RecordedRequest = {
      path: url.pathname,
      query: url.searchParams,
      headers: incoming.headers,
      abandoned: false,
    };
    response.once("close", () => {
      request.abandoned = !response.writableFinished;
    });
    const index = requests.push(request) - 1;
    const scripted = options.intercept?.(request, index) ?? answer(request);
    if (scripted === "hang") return;
    const send = () => {
      response.writeHead(scripted.status, { "content-type": "application/json", ...scripted.headers });
      response.end(scripted.body ?? "");
    };
    if (options.latencyMs) setTimeout(send, options.latencyMs);
    else send();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const { port: bound } = server.address() as AddressInfo;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { url: `http://127.0.0.1:${bound}`, requests, close, [Symbol.asyncDispose]: close };
}

function answer(request: RecordedRequest): ScriptedResponse {
  switch (request.path) {
    case "/v1/search":
      return search(request.query);
    case "/v1/forecast":
      return forecast(request.query);
    case "/alerts/active":
      return alerts(request);
    default:
      return json(404, { error: true, reason: `Not found: ${request.path}` });
  }
}

function search(query: URLSearchParams): ScriptedResponse {
  const name = fold(query.get("name") ?? "");
  const count = Math.min(Math.max(Number(query.get("count") ?? 10) || 10, 1), 100);
  // Like Open-Meteo: 2 letters match exactly, 3 or more also match prefixes and small typos.
  const matches = places
    .map((place) => ({ place, score: score(fold(place.name), name) }))
    .filter(({ score }) => score > 0)
    .sort((a, b) => b.score - a.score || (b.place.population ?? 0) - (a.place.population ?? 0))
    .slice(0, count)
    .map(({ place }) => place);
  const generation = { generationtime_ms: 0.8 };
  return json(200, matches.length > 0 ? { results: matches, ...generation } : generation);
}

function score(candidate: string, wanted: string): number {
  if (wanted.length < 2) return 0;
  if (candidate === wanted) return 3;
  if (wanted.length < 3) return 0;
  if (candidate.startsWith(wanted)) return 2;
  return editDistance(candidate, wanted) <= 2 ? 1 : 0;
}

function forecast(query: URLSearchParams): ScriptedResponse {
  const latitude = Number(query.get("latitude"));
  const longitude = Number(query.get("longitude"));
  if (
    !Number.isFinite(latitude) ||
    !Number.isFinite(longitude) ||
    Math.abs(latitude) > 90 ||
    Math.abs(longitude) > 180
  ) {
    return json(400, { error: true, reason: "Latitude must be in range of -90 to 90°. Given: NaN." });
  }
  const days = Number(query.get("forecast_days") ?? 7);
  if (!Number.isInteger(days) || days < 0 || days > 16) {
    return json(400, { error: true, reason: "Forecast days is invalid. Allowed range 0 to 16." });
  }
  const nearest = [...FORECASTS].sort(
    (a, b) => distance(a, latitude, longitude) - distance(b, latitude, longitude),
  )[0] as Recording;
  const fahrenheit = query.get("temperature_unit") === "fahrenheit";
  const mph = query.get("wind_speed_unit") === "mph";
  const inch = query.get("precipitation_unit") === "inch";
  const temperature = (value: number) => (fahrenheit ? round((value * 9) / 5 + 32, 1) : value);
  const wind = (value: number) => (mph ? round(value / 1.609344, 1) : value);
  const rain = (value: number) => (inch ? round(value / 25.4, 3) : value);
  const convert: Record<string, (value: number) => number> = {
    temperature_2m: temperature,
    apparent_temperature: temperature,
    temperature_2m_max: temperature,
    temperature_2m_min: temperature,
    wind_speed_10m: wind,
    wind_gusts_10m: wind,
    wind_speed_10m_max: wind,
    wind_gusts_10m_max: wind,
    precipitation: rain,
    precipitation_sum: rain,
  };
  const unitOf = (field: string, metric: string) => {
    const converter = convert[field];
    if (converter === temperature && fahrenheit) return "°F";
    if (converter === wind && mph) return "mp/h";
    if (converter === rain && inch) return "inch";
    return metric;
  };
  const pick = (
    record: Record<string, unknown>,
    fields: string[],
    transform: (field: string, value: unknown) => unknown,
  ) =>
    Object.fromEntries(
      fields.filter((field) => field in record).map((field) => [field, transform(field, record[field])]),
    );
  const currentFields = ["time", "interval", ...(query.get("current")?.split(",") ?? [])];
  const dailyFields = ["time", ...(query.get("daily")?.split(",") ?? [])];
  const convertValue = (field: string, value: unknown): unknown => {
    const converter = convert[field];
    if (!converter) return value;
    if (Array.isArray(value)) return value.map((item) => (typeof item === "number" ? converter(item) : item));
    return typeof value === "number" ? converter(value) : value;
  };
  const body = {
    latitude: round(latitude, 4),
    longitude: round(longitude, 4),
    generationtime_ms: nearest.generationtime_ms,
    utc_offset_seconds: nearest.utc_offset_seconds,
    timezone: nearest.timezone,
    timezone_abbreviation: nearest.timezone_abbreviation,
    elevation: nearest.elevation,
    current_units: pick(nearest.current_units, currentFields, (field, unit) => unitOf(field, String(unit))),
    current: pick(nearest.current, currentFields, convertValue),
    daily_units: pick(nearest.daily_units, dailyFields, (field, unit) => unitOf(field, String(unit))),
    daily: pick(nearest.daily, dailyFields, (field, values) =>
      convertValue(field, (values as unknown[]).slice(0, days)),
    ),
  };
  return json(200, body);
}

function alerts(request: RecordedRequest): ScriptedResponse {
  if (!request.headers["user-agent"]) {
    return json(403, {
      correlationId: "4a1f0e",
      title: "Forbidden",
      type: "https://api.weather.gov/problems/Forbidden",
      status: 403,
      detail: "Access denied: a User-Agent header identifying your application is required.",
    });
  }
  const [latitude = Number.NaN, longitude = Number.NaN] = (request.query.get("point") ?? "")
    .split(",")
    .map(Number);
  // Roughly the contiguous US, Alaska and Hawaii.
  const covered =
    (latitude > 24 && latitude < 50 && longitude > -125 && longitude < -66) ||
    (latitude > 51 && latitude < 72 && longitude > -180 && longitude < -129) ||
    (latitude > 18 && latitude < 23 && longitude > -161 && longitude < -154);
  if (!covered) {
    return json(400, {
      correlationId: "9c2d41",
      title: "Bad Request",
      type: "https://api.weather.gov/problems/BadRequest",
      status: 400,
      detail: `Parameter "point" is invalid: ${request.query.get("point")} is outside the area served by the National Weather Service.`,
    });
  }
  const nearSpringfield = Math.abs(latitude - 37.2153) < 0.5 && Math.abs(longitude + 93.2982) < 0.5;
  const updated = "2026-11-21T20:05:00+00:00";
  const point = `${Math.abs(latitude).toFixed(4)} N, ${Math.abs(longitude).toFixed(4)} W`;
  if (nearSpringfield) return json(200, springfieldAlerts, "application/geo+json");
  return json(
    200,
    {
      "@context": springfieldAlerts["@context"],
      type: "FeatureCollection",
      features: [],
      title: `Current watches, warnings, and advisories for ${point}`,
      updated,
    },
    "application/geo+json",
  );
}

function json(status: number, value: unknown, contentType = "application/json"): ScriptedResponse {
  return { status, headers: { "content-type": contentType }, body: JSON.stringify(value) };
}

function distance(recording: Recording, latitude: number, longitude: number): number {
  return (recording.latitude - latitude) ** 2 + (recording.longitude - longitude) ** 2;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase()
    .trim();
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}

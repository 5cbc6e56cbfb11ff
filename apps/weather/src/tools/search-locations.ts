import type { FastMCP } from "@mcpkit/core";
import { z } from "zod";
import { MAX_SEARCH_RESULTS, type Place } from "../open-meteo.js";
import { coordinates, normalize, placeLabel } from "../places.js";
import { locationSchema } from "../weather-report.js";
import { structured, type WeatherDeps } from "./weather-deps.js";

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

export function registerSearchLocations(mcp: FastMCP, { provider, recentPlaces }: WeatherDeps): void {
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

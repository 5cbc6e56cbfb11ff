import { ToolError } from "@mcpkit/core";
import { MAX_SEARCH_RESULTS, type Place, type WeatherProvider } from "./open-meteo.js";

export interface Resolution {
  place: Place;
  /** Other places with the same name when the query was ambiguous, most populous first. */
  alternatives: Place[];
}

const SHOWN_CANDIDATES = 5;

/** "Springfield, Illinois, United States": name, region and country without repeats. */
export function placeLabel(place: Place): string {
  const parts = [place.name, place.admin1, place.country].filter((part): part is string => Boolean(part));
  return [...new Set(parts)].join(", ");
}

/**
 * Turns a place name into one place. "Springfield, Illinois" narrows by region or country
 * (the geocoder itself only matches names). Several exact matches: the most populous wins and
 * the others are returned. No exact match: a `ToolError` listing close candidates.
 */
export async function resolvePlace(
  provider: WeatherProvider,
  query: string,
  signal?: AbortSignal,
): Promise<Resolution> {
  const [rawName = "", ...qualifiers] = query.split(",").map((part) => part.trim());
  const name = rawName.replace(/\s+/g, " ");
  if (name.length < 2)
    throw new ToolError(`"${query}" is too short to look up: give a place name of at least 2 letters.`);
  const results = await provider.searchLocations(name, MAX_SEARCH_RESULTS, signal);
  const named = results.filter((place) => normalize(place.name) === normalize(name));
  const matches = named.filter((place) => qualifiers.every((qualifier) => qualifies(place, qualifier)));
  if (matches.length === 0) {
    const candidates =
      named.length > 0 ? named : results.length > 0 ? results : await closeCandidates(provider, name, signal);
    throw new ToolError(notFoundMessage(query, name, qualifiers, named.length > 0, candidates));
  }
  const ranked = [...matches].sort((a, b) => (b.population ?? 0) - (a.population ?? 0));
  const [place, ...alternatives] = ranked as [Place, ...Place[]];
  return { place, alternatives };
}

/** Nothing matched at all: retry with a shorter query (first word, or the first letters) for suggestions. */
async function closeCandidates(
  provider: WeatherProvider,
  name: string,
  signal?: AbortSignal,
): Promise<Place[]> {
  const words = name.split(" ");
  const shorter =
    words.length > 1 ? (words[0] ?? "") : name.slice(0, Math.max(3, Math.ceil(name.length * 0.6)));
  if (shorter.length < 3 || shorter === name) return [];
  return provider.searchLocations(shorter, MAX_SEARCH_RESULTS, signal);
}

function notFoundMessage(
  query: string,
  name: string,
  qualifiers: string[],
  nameFound: boolean,
  candidates: Place[],
): string {
  const what =
    nameFound && qualifiers.length > 0
      ? `No place named "${name}" in ${qualifiers.map((q) => `"${q}"`).join(", ")} was found.`
      : `No place named "${query}" was found.`;
  if (candidates.length === 0) {
    return `${what} Nothing similar either: check the spelling, use the local or English name, or pass latitude and longitude.`;
  }
  const shown = candidates
    .slice(0, SHOWN_CANDIDATES)
    .map((place) => `${placeLabel(place)} (${coordinates(place)})`);
  return `${what} Close matches: ${shown.join("; ")}. Call again with one of these names (e.g. "${placeLabel(candidates[0]!)}") or with latitude and longitude.`;
}

function qualifies(place: Place, qualifier: string): boolean {
  const wanted = normalize(qualifier);
  if (wanted === "") return true;
  const fields = [place.admin1, place.admin2, place.admin3, place.admin4, place.country, place.countryCode];
  return (
    fields.some((field) => field !== undefined && normalize(field) === wanted) || usStateCode(place, wanted)
  );
}

/** "Springfield, IL": US state abbreviations are how people write US places. */
function usStateCode(place: Place, wanted: string): boolean {
  if (place.countryCode !== "US" || place.admin1 === undefined) return false;
  return US_STATES[place.admin1]?.toLowerCase() === wanted;
}

export function coordinates(place: { latitude: number; longitude: number }): string {
  return `${place.latitude.toFixed(4)}, ${place.longitude.toFixed(4)}`;
}

/** Case, accents and punctuation do not matter: "zurich" matches "Zürich", "St. Louis" matches "St Louis". */
export function normalize(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase()
    .replace(/[.'’]/g, "")
    .replace(/[-\s]+/g, " ")
    .trim();
}

const US_STATES: Record<string, string> = {
  Alabama: "AL",
  Alaska: "AK",
  Arizona: "AZ",
  Arkansas: "AR",
  California: "CA",
  Colorado: "CO",
  Connecticut: "CT",
  Delaware: "DE",
  "District of Columbia": "DC",
  Florida: "FL",
  Georgia: "GA",
  Hawaii: "HI",
  Idaho: "ID",
  Illinois: "IL",
  Indiana: "IN",
  Iowa: "IA",
  Kansas: "KS",
  Kentucky: "KY",
  Louisiana: "LA",
  Maine: "ME",
  Maryland: "MD",
  Massachusetts: "MA",
  Michigan: "MI",
  Minnesota: "MN",
  Mississippi: "MS",
  Missouri: "MO",
  Montana: "MT",
  Nebraska: "NE",
  Nevada: "NV",
  "New Hampshire": "NH",
  "New Jersey": "NJ",
  "New Mexico": "NM",
  "New York": "NY",
  "North Carolina": "NC",
  "North Dakota": "ND",
  Ohio: "OH",
  Oklahoma: "OK",
  Oregon: "OR",
  Pennsylvania: "PA",
  "Rhode Island": "RI",
  "South Carolina": "SC",
  "South Dakota": "SD",
  Tennessee: "TN",
  Texas: "TX",
  Utah: "UT",
  Vermont: "VT",
  Virginia: "VA",
  Washington: "WA",
  "West Virginia": "WV",
  Wisconsin: "WI",
  Wyoming: "WY",
};

/** Metric: °C, km/h, mm, hPa. Imperial: °F, mph, inches, inHg. */
export type Units = "metric" | "imperial";

export interface UnitLabels {
  temperature: "°C" | "°F";
  windSpeed: "km/h" | "mph";
  precipitation: "mm" | "in";
  pressure: "hPa" | "inHg";
}

export const unitLabels: Record<Units, UnitLabels> = {
  metric: { temperature: "°C", windSpeed: "km/h", precipitation: "mm", pressure: "hPa" },
  imperial: { temperature: "°F", windSpeed: "mph", precipitation: "in", pressure: "inHg" },
};

/** Open-Meteo converts temperature, wind and precipitation itself; pressure always comes in hPa. */
export function convertPressure(hectopascals: number | null, units: Units): number | null {
  if (hectopascals === null) return null;
  return units === "metric" ? hectopascals : Math.round(hectopascals * 0.02953 * 100) / 100;
}

const COMPASS = [
  "N",
  "NNE",
  "NE",
  "ENE",
  "E",
  "ESE",
  "SE",
  "SSE",
  "S",
  "SSW",
  "SW",
  "WSW",
  "W",
  "WNW",
  "NW",
  "NNW",
];

/** 225 -> "SW": the 16-point compass direction the wind blows from. */
export function compassDirection(degrees: number | null): string | null {
  if (degrees === null) return null;
  const index = Math.round((((degrees % 360) + 360) % 360) / 22.5) % 16;
  return COMPASS[index] ?? null;
}

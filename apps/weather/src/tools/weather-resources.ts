import type { FastMCP } from "@mcpkit/core";
import { normalize } from "../places.js";
import { currentAt, dailyAt, FORECAST_DAYS_DEFAULT, locate, type WeatherDeps } from "./weather-deps.js";

/** weather://{city}/current and /forecast, listing and completing the places asked about. */
export function registerWeatherResources(mcp: FastMCP, deps: WeatherDeps): void {
  const { recentPlaces } = deps;
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
    async ({ city }, ctx) => currentAt(deps, await locate(deps, { city }, ctx), "metric", ctx),
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
    async ({ city }, ctx) =>
      dailyAt(deps, await locate(deps, { city }, ctx), FORECAST_DAYS_DEFAULT, "metric", ctx),
  );
}

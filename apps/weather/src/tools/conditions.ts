import type { FastMCP } from "@mcpkit/core";
import { z } from "zod";
import { currentWeatherSchema, currentWeatherText, forecastSchema, forecastText } from "../weather-report.js";
import {
  currentAt,
  dailyAt,
  FORECAST_DAYS_DEFAULT,
  locate,
  locationInput,
  structured,
  unitsInput,
  type WeatherDeps,
} from "./weather-deps.js";

export function registerGetWeather(mcp: FastMCP, deps: WeatherDeps): void {
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
      const report = await currentAt(deps, await locate(deps, where, ctx), units, ctx);
      return structured(currentWeatherSchema, report, currentWeatherText(report));
    },
  );
}

export function registerGetForecast(mcp: FastMCP, deps: WeatherDeps): void {
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
      const report = await dailyAt(deps, await locate(deps, where, ctx), days, units, ctx);
      return structured(forecastSchema, report, forecastText(report));
    },
  );
}

import { type FastMCP, ToolError } from "@mcpkit/core";
import { z } from "zod";
import type { Alert, AlertsProvider } from "../nws.js";
import { placeLabel } from "../places.js";
import { locationSchema } from "../weather-report.js";
import { locate, locationInput, structured, type WeatherDeps } from "./weather-deps.js";

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

export function registerGetAlerts(mcp: FastMCP, deps: WeatherDeps, alerts: AlertsProvider): void {
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
      const located = await locate(deps, where, ctx);
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

function alertsText(label: string, alerts: Alert[]): string {
  if (alerts.length === 0) return `No active NWS alerts for ${label}.`;
  const lines = alerts.map(
    (alert) =>
      `- ${alert.event} (${alert.severity}, ${alert.urgency})${alert.expires ? ` until ${alert.expires}` : ""}: ${alert.headline ?? alert.areaDescription}`,
  );
  return [`${alerts.length} active NWS alert(s) for ${label}:`, ...lines].join("\n");
}

import { z } from "zod";
import { defaultBaseUrls } from "./open-meteo.js";
import { TtlCache } from "./ttl-cache.js";
import type { Upstream } from "./upstream.js";

export interface Alert {
  event: string;
  headline: string | null;
  severity: string;
  urgency: string;
  certainty: string;
  areaDescription: string;
  onset: string | null;
  expires: string | null;
  senderName: string | null;
  description: string | null;
  instruction: string | null;
}

/** Active weather alerts for a point; the server offers `get_alerts` only when one is given. */
export interface AlertsProvider {
  getAlerts(latitude: number, longitude: number, signal?: AbortSignal): Promise<Alert[]>;
}

const PROVIDER = "National Weather Service alerts API (api.weather.gov)";

const alertsSchema = z.object({
  type: z.literal("FeatureCollection"),
  features: z.array(
    z.object({
      properties: z.object({
        event: z.string(),
        headline: z.string().nullable().optional(),
        severity: z.string(),
        urgency: z.string(),
        certainty: z.string(),
        areaDesc: z.string(),
        onset: z.string().nullable().optional(),
        expires: z.string().nullable().optional(),
        senderName: z.string().nullable().optional(),
        description: z.string().nullable().optional(),
        instruction: z.string().nullable().optional(),
      }),
    }),
  ),
});

/**
 * US alerts from the National Weather Service (`/alerts/active?point=lat,lon`, GeoJSON). NWS
 * refuses requests without a User-Agent, which the shared `Upstream` always sends. Cached 5 minutes.
 */
export class NwsAlerts implements AlertsProvider {
  private readonly cache: TtlCache<Alert[]>;

  constructor(
    private readonly upstream: Upstream,
    private readonly baseUrl: string = defaultBaseUrls.alerts,
    now?: () => number,
  ) {
    this.cache = new TtlCache(200, 5 * 60 * 1000, now);
  }

  async getAlerts(latitude: number, longitude: number, signal?: AbortSignal): Promise<Alert[]> {
    // NWS rejects points with more than 4 decimals.
    const point = `${latitude.toFixed(4)},${longitude.toFixed(4)}`;
    return this.cache.getOrLoad(point, async () => {
      const url = new URL("/alerts/active", this.baseUrl);
      url.searchParams.set("point", point);
      const response = await this.upstream.getJson(PROVIDER, url, alertsSchema, signal);
      return response.features.map(({ properties: p }) => ({
        event: p.event,
        headline: p.headline ?? null,
        severity: p.severity,
        urgency: p.urgency,
        certainty: p.certainty,
        areaDescription: p.areaDesc,
        onset: p.onset ?? null,
        expires: p.expires ?? null,
        senderName: p.senderName ?? null,
        description: p.description ?? null,
        instruction: p.instruction ?? null,
      }));
    });
  }
}

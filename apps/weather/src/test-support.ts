import { Client, type FastMCP } from "@mcpkit/core";
import {
  type RecordedUpstream,
  type RecordedUpstreamOptions,
  startRecordedUpstream,
} from "./recorded-upstream.js";
import { createWeatherServer, type WeatherServerOptions } from "./server.js";

export interface Harness {
  upstream: RecordedUpstream;
  server: FastMCP;
  client: Client;
  /** Requests the recorded upstream received on one path, e.g. "/v1/forecast". */
  requestsTo(path: string): RecordedRequest[];
  [Symbol.asyncDispose](): Promise<void>;
}

type RecordedRequest = RecordedUpstream["requests"][number];

/** A weather server pointed at a fresh recorded upstream, with a connected in-memory client. */
export async function startHarness(
  upstreamOptions: RecordedUpstreamOptions = {},
  serverOptions: WeatherServerOptions = {},
): Promise<Harness> {
  const upstream = await startRecordedUpstream(upstreamOptions);
  const server = createWeatherServer({
    baseUrls: { geocoding: upstream.url, forecast: upstream.url, alerts: upstream.url },
    logLevel: "silent",
    ...serverOptions,
    upstream: { backoffMs: 20, timeoutMs: 5_000, ...serverOptions.upstream },
  });
  const client = await Client.connect(server);
  return {
    upstream,
    server,
    client,
    requestsTo: (path) => upstream.requests.filter((request) => request.path === path),
    async [Symbol.asyncDispose]() {
      await client.close();
      await server.close();
      await upstream.close();
    },
  };
}

/** The text of a tool result's first content block. */
export function textOf(result: { content: unknown[] }): string {
  const [first] = result.content as Array<{ type: string; text?: string }>;
  return first?.type === "text" ? (first.text ?? "") : "";
}

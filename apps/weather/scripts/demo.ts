// Offline tour: a recorded upstream on 127.0.0.1, the weather server, and a client asking it
// a few questions. No network needed. Run: pnpm --filter @mcpkit/weather demo
import { Client } from "@mcpkit/core";
import { startRecordedUpstream } from "../src/recorded-upstream.js";
import { createWeatherServer } from "../src/server.js";

const questions: Array<[string, Record<string, unknown>]> = [
  ["search_locations", { query: "Springfield", count: 3 }],
  ["get_weather", { city: "Springfield" }],
  ["get_weather", { city: "Tokyo", units: "imperial" }],
  ["get_forecast", { city: "Reykjavik", days: 3 }],
  ["get_alerts", { city: "Springfield, MO" }],
  ["get_weather", { city: "Lodnon" }],
];

await using upstream = await startRecordedUpstream();
const server = createWeatherServer({
  baseUrls: { geocoding: upstream.url, forecast: upstream.url, alerts: upstream.url },
  logLevel: "silent",
});
await using client = await Client.connect(server);
for (const [tool, args] of questions) {
  const result = await client.callTool(tool, args);
  const text = result.content
    .map((block) => (block.type === "text" ? block.text : `[${block.type}]`))
    .join("\n");
  console.log(`> ${tool} ${JSON.stringify(args)}${result.isError ? "  (isError)" : ""}\n${text}\n`);
}
const resource = await client.readResource("weather://Sydney/current");
console.log(
  `> resources/read weather://Sydney/current\n${(resource.contents[0] as { text: string }).text.slice(0, 300)}...\n`,
);
console.log(`The recorded upstream answered ${upstream.requests.length} HTTP requests.`);
await server.close();

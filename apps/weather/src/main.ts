import { loadConfigOrExit } from "@mcpkit/core";
import { HELP, parseConfig } from "./config.js";
import { startRecordedUpstream } from "./recorded-upstream.js";
import { createWeatherServer } from "./server.js";

const config = loadConfigOrExit("weather", HELP, () => parseConfig(process.argv.slice(2), process.env));

let baseUrls = config.baseUrls;
if (config.offline) {
  const recorded = await startRecordedUpstream();
  baseUrls = { geocoding: recorded.url, forecast: recorded.url, alerts: recorded.url };
  process.stderr.write(`weather: offline demo, answering from recorded responses at ${recorded.url}\n`);
}

const server = createWeatherServer({
  baseUrls,
  upstream: config.upstream,
  logLevel: config.logLevel,
  ...(config.alerts ? {} : { alerts: false as const }),
});
const running =
  config.transport === "http"
    ? await server.run({ transport: "http", host: config.host, port: config.port })
    : await server.run();
if (running.url) process.stderr.write(`weather: serving MCP over HTTP at ${running.url}\n`);
await running.closed;
process.exit(0);

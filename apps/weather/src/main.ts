#!/usr/bin/env node
import { loadConfigOrExit, runOptionsFor } from "@mcpkit/core";
import { connectReplica } from "@mcpkit/redis";
import { flags, parseConfig } from "./config.js";
import { startRecordedUpstream } from "./recorded-upstream.js";
import { createWeatherServer } from "./server.js";

const config = loadConfigOrExit(flags.program, flags.help, () =>
  parseConfig(process.argv.slice(2), process.env),
);

let baseUrls = config.baseUrls;
if (config.offline) {
  const recorded = await startRecordedUpstream();
  baseUrls = { geocoding: recorded.url, forecast: recorded.url, alerts: recorded.url };
  process.stderr.write(`weather: offline demo, answering from recorded responses at ${recorded.url}\n`);
}

const replica = await connectReplica(config.redisUrl);
const server = createWeatherServer({
  baseUrls,
  upstream: config.upstream,
  logLevel: config.logLevel,
  ...(config.noAlerts ? { alerts: false as const } : {}),
  requestStateKey: config.requestStateKey,
  ...replica.server,
});
const running = await server.run({ ...runOptionsFor(config), ...replica.http });
if (running.url) process.stderr.write(`weather: serving MCP over HTTP at ${running.url}\n`);
await running.closed;
await replica.close();
process.exit(0);

#!/usr/bin/env node
import { loadConfigOrExit, runOptionsFor } from "@mcpkit/core";
import { connectReplica } from "@mcpkit/redis";
import { flags, loadConfig } from "./config.js";
import { createApiGatewayServer } from "./server.js";

const config = loadConfigOrExit(flags.program, flags.help, () =>
  loadConfig(process.argv.slice(2), process.env),
);

const replica = await connectReplica(config.redisUrl);
const server = createApiGatewayServer({
  upstreams: config.gateway.upstreams,
  logLevel: config.logLevel,
  requestStateKey: config.requestStateKey,
  ...replica.server,
});
const running = await server.run({ ...runOptionsFor(config), ...replica.http });
await running.closed;
await replica.close();

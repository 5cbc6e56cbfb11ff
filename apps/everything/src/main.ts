#!/usr/bin/env node
import { loadConfigOrExit, runOptionsFor } from "@mcpkit/core";
import { connectReplica } from "@mcpkit/redis";
import { flags, parseConfig } from "./config.js";
import { createEverythingServer } from "./server.js";

const config = loadConfigOrExit(flags.program, flags.help, () =>
  parseConfig(process.argv.slice(2), process.env),
);

const replica = await connectReplica(config.redisUrl);
const server = createEverythingServer({
  logLevel: config.logLevel,
  requestStateKey: config.requestStateKey,
  pageSize: config.pageSize,
  rateLimit: config.rateLimit,
  rateLimitFailOpen: config.rateLimitFailOpen,
  ...replica.server,
});
const running = await server.run(
  config.transport === "stdio"
    ? runOptionsFor(config)
    : {
        transport: config.transport,
        host: config.host,
        port: config.port,
        stateless: config.stateless,
        json: config.json,
        ...replica.http,
        ...(config.closeStreamsAfterMs > 0 ? { closeStreamsAfterMs: config.closeStreamsAfterMs } : {}),
      },
);
await running.closed;
await replica.close();
process.exit(0);

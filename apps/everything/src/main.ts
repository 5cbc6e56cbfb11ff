#!/usr/bin/env node
import { loadConfigOrExit, runOptionsFor } from "@mcpkit/core";
import { flags, parseConfig } from "./config.js";
import { createEverythingServer } from "./server.js";

const config = loadConfigOrExit(flags.program, flags.help, () =>
  parseConfig(process.argv.slice(2), process.env),
);

const server = createEverythingServer({
  logLevel: config.logLevel,
  requestStateKey: config.requestStateKey,
  pageSize: config.pageSize,
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
        ...(config.closeStreamsAfterMs > 0 ? { closeStreamsAfterMs: config.closeStreamsAfterMs } : {}),
      },
);
await running.closed;
process.exit(0);

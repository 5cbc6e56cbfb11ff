#!/usr/bin/env node
import { loadConfigOrExit, runOptionsFor } from "@mcpkit/core";
import { connectReplica } from "@mcpkit/redis";
import { flags, parseConfig } from "./config.js";
import { createSqliteServer } from "./server.js";

const config = loadConfigOrExit(flags.program, flags.help, () =>
  parseConfig(process.argv.slice(2), process.env),
);

const replica = await connectReplica(config.redisUrl);
const server = createSqliteServer({
  ...(config.databasePath === undefined ? {} : { databasePath: config.databasePath }),
  timeoutMs: config.timeoutMs,
  maxRows: config.maxRows,
  maxProcesses: config.maxProcesses,
  logLevel: config.logLevel,
  requestStateKey: config.requestStateKey,
  ...replica.server,
});
const running = await server.run({ ...runOptionsFor(config), ...replica.http });
await running.closed;
await replica.close();

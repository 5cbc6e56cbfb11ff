#!/usr/bin/env node
import { checkDirectories, loadConfigOrExit, runOptionsFor } from "@mcpkit/core";
import { connectReplica } from "@mcpkit/redis";
import { flags, parseConfig } from "./config.js";
import { createThumbnailServer, tuneSharp } from "./server.js";

const config = loadConfigOrExit(flags.program, flags.help, () => {
  const parsed = parseConfig(process.argv.slice(2), process.env);
  if (parsed !== "help") checkDirectories(parsed.roots);
  return parsed;
});

tuneSharp();
const replica = await connectReplica(config.redisUrl);
const server = createThumbnailServer({
  roots: config.roots,
  limits: config.limits,
  jobs: config.jobs,
  logLevel: config.logLevel,
  requestStateKey: config.requestStateKey,
  ...replica.server,
});
const running = await server.run({ ...runOptionsFor(config), ...replica.http });
await running.closed;
await replica.close();

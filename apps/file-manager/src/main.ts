#!/usr/bin/env node
import { checkDirectories, loadConfigOrExit, runOptionsFor } from "@mcpkit/core";
import { connectReplica } from "@mcpkit/redis";
import { flags, parseConfig } from "./config.js";
import { createFileManagerServer } from "./server.js";

const config = loadConfigOrExit(flags.program, flags.help, () => {
  const parsed = parseConfig(process.argv.slice(2), process.env);
  if (parsed !== "help") checkDirectories(parsed.roots.map((root) => root.path));
  return parsed;
});

const replica = await connectReplica(config.redisUrl);
const server = createFileManagerServer({
  roots: config.roots,
  allowWrite: config.allowWrite,
  deny: config.deny,
  limits: config.limits,
  logLevel: config.logLevel,
  requestStateKey: config.requestStateKey,
  ...replica.server,
});
const running = await server.run({ ...runOptionsFor(config), ...replica.http });
await running.closed;
await replica.close();

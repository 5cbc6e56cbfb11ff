#!/usr/bin/env node
import { checkDirectories, loadConfigOrExit, runOptionsFor } from "@mcpkit/core";
import { flags, parseConfig } from "./config.js";
import { createThumbnailServer, tuneSharp } from "./server.js";

const config = loadConfigOrExit(flags.program, flags.help, () => {
  const parsed = parseConfig(process.argv.slice(2), process.env);
  if (parsed !== "help") checkDirectories(parsed.roots);
  return parsed;
});

tuneSharp();
const server = createThumbnailServer({
  roots: config.roots,
  limits: config.limits,
  jobs: config.jobs,
  logLevel: config.logLevel,
});
await server.run(runOptionsFor(config));

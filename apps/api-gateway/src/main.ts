#!/usr/bin/env node
import { loadConfigOrExit, runOptionsFor } from "@mcpkit/core";
import { flags, loadConfig } from "./config.js";
import { createApiGatewayServer } from "./server.js";

const config = loadConfigOrExit(flags.program, flags.help, () =>
  loadConfig(process.argv.slice(2), process.env),
);

const server = createApiGatewayServer({ upstreams: config.gateway.upstreams, logLevel: config.logLevel });
await server.run(runOptionsFor(config));

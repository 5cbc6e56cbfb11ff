import { loadConfigOrExit } from "@mcpkit/core";
import { HELP, loadConfig } from "./config.js";
import { createApiGatewayServer } from "./server.js";

const config = loadConfigOrExit("api-gateway", HELP, () => loadConfig(process.argv.slice(2), process.env));

const server = createApiGatewayServer({ upstreams: config.gateway.upstreams, logLevel: config.logLevel });
if (config.transport === "http")
  await server.run({ transport: "http", host: config.host, port: config.port });
else await server.run();

import { ConfigError, HELP, loadConfig } from "./config.js";
import { createApiGatewayServer } from "./server.js";

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig(process.argv.slice(2), process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`api-gateway: ${error.message}\nRun with --help for usage.\n`);
  process.exit(2);
}
if (config === "help") {
  process.stdout.write(HELP);
  process.exit(0);
}

const server = createApiGatewayServer({ upstreams: config.gateway.upstreams, logLevel: config.logLevel });
if (config.transport === "http")
  await server.run({ transport: "http", host: config.host, port: config.port });
else await server.run();

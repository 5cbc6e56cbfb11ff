import { loadConfigOrExit } from "@mcpkit/core";
import { HELP, parseConfig } from "./config.js";
import { createEverythingServer } from "./server.js";

const config = loadConfigOrExit("everything", HELP, () => parseConfig(process.argv.slice(2), process.env));

const server = createEverythingServer({ logLevel: config.logLevel });
const running =
  config.transport === "stdio"
    ? await server.run()
    : await server.run({
        transport: config.transport,
        host: config.host,
        port: config.port,
        stateless: config.stateless,
        json: config.json,
        ...(config.closeStreamsAfterMs > 0 ? { closeStreamsAfterMs: config.closeStreamsAfterMs } : {}),
      });
await running.closed;
process.exit(0);

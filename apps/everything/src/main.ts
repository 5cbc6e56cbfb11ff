import { ConfigError, HELP, parseConfig } from "./config.js";
import { createEverythingServer } from "./server.js";

let config: ReturnType<typeof parseConfig>;
try {
  config = parseConfig(process.argv.slice(2), process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`everything: ${error.message}\nRun with --help for usage.\n`);
  process.exit(2);
}
if (config === "help") {
  process.stdout.write(HELP);
  process.exit(0);
}

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

import { ConfigError, checkRoots, HELP, parseConfig } from "./config.js";
import { createFileManagerServer } from "./server.js";

let config: ReturnType<typeof parseConfig>;
try {
  config = parseConfig(process.argv.slice(2), process.env);
  if (config !== "help") checkRoots(config.roots);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`file-manager: ${error.message}\nRun with --help for usage.\n`);
  process.exit(2);
}
if (config === "help") {
  process.stdout.write(HELP);
  process.exit(0);
}

const server = createFileManagerServer({
  roots: config.roots,
  allowWrite: config.allowWrite,
  deny: config.deny,
  limits: config.limits,
  logLevel: config.logLevel,
});
if (config.transport === "http")
  await server.run({ transport: "http", host: config.host, port: config.port });
else await server.run();

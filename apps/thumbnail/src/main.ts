import { ConfigError, HELP, parseConfig } from "./config.js";
import { createThumbnailServer, tuneSharp } from "./server.js";

let config: ReturnType<typeof parseConfig>;
try {
  config = parseConfig(process.argv.slice(2), process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`thumbnail: ${error.message}\nRun with --help for usage.\n`);
  process.exit(2);
}
if (config === "help") {
  process.stdout.write(HELP);
  process.exit(0);
}

tuneSharp();
let server: ReturnType<typeof createThumbnailServer>;
try {
  server = createThumbnailServer({
    roots: config.roots,
    limits: config.limits,
    jobs: config.jobs,
    logLevel: config.logLevel,
  });
} catch (error) {
  process.stderr.write(`thumbnail: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
}
if (config.transport === "http")
  await server.run({ transport: "http", host: config.host, port: config.port });
else await server.run();

import { loadConfigOrExit, runOptionsFor } from "@mcpkit/core";
import { flags, parseConfig } from "./config.js";
import { createThumbnailServer, tuneSharp } from "./server.js";

const config = loadConfigOrExit(flags.program, flags.help, () =>
  parseConfig(process.argv.slice(2), process.env),
);

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
await server.run(runOptionsFor(config));

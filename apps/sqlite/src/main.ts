import { fileURLToPath } from "node:url";
import { HELP, loadConfig } from "./config.js";
import { ensureSampleDatabase, SAMPLE_DATABASE_PATH } from "./sample-database.js";
import { createSqliteServer } from "./server.js";

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig(process.argv.slice(2), process.env);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(2);
}
if (config.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

let databasePath = config.databasePath;
if (databasePath === undefined) {
  databasePath = fileURLToPath(SAMPLE_DATABASE_PATH);
  ensureSampleDatabase(databasePath);
}
const server = createSqliteServer({
  databasePath,
  timeoutMs: config.timeoutMs,
  maxRows: config.maxRows,
  maxProcesses: config.maxProcesses,
  logLevel: config.logLevel,
});
await server.run(
  config.transport === "http"
    ? { transport: "http", host: config.host, port: config.port }
    : { transport: "stdio" },
);

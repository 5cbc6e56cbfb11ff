import { loadConfigOrExit } from "@mcpkit/core";
import { checkRoots, HELP, parseConfig } from "./config.js";
import { createFileManagerServer } from "./server.js";

const config = loadConfigOrExit("file-manager", HELP, () => {
  const parsed = parseConfig(process.argv.slice(2), process.env);
  if (parsed !== "help") checkRoots(parsed.roots);
  return parsed;
});

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

// The child process that serves a server file: `node serve-file.js <file> [export] [--transport ...]`.
// It runs in its own process so that the file's imports, side effects and crashes stay its own.
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { guardStdout, type RunOptions, type ServerLogLevel } from "@mcpkit/core";
import { CliError } from "./errors.js";
import { findServer } from "./find-server.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    transport: { type: "string", default: "stdio" },
    host: { type: "string" },
    port: { type: "string" },
    "log-level": { type: "string" },
  },
});
const [file, exportName] = positionals;
try {
  if (!file) throw new CliError("serve-file needs a file");
  // Before the file runs: what its top-level code prints must not reach the protocol's stdout.
  if (values.transport === "stdio") guardStdout();
  const module = (await import(pathToFileURL(resolve(file)).href)) as Record<string, unknown>;
  const logLevel = values["log-level"] as ServerLogLevel | undefined;
  const { server } = await findServer(module, file, exportName || undefined, logLevel);
  const transport = values.transport;
  const options: RunOptions =
    transport === "http" || transport === "sse"
      ? {
          transport,
          ...(values.host ? { host: values.host } : {}),
          ...(values.port ? { port: Number(values.port) } : {}),
        }
      : { transport: "stdio" };
  const running = await server.run(options);
  if (running.url) process.stderr.write(`mcpkit: ${server.name} serving ${transport} at ${running.url}\n`);
  await running.closed;
} catch (error) {
  process.stderr.write(
    `mcpkit: ${error instanceof CliError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
}

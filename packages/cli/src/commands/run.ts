import { pathToFileURL } from "node:url";
import { type ClientOptions, createProxy, type FastMCP } from "@mcpkit/core";
import { appPrefix, createAllAppsServer } from "../all-apps.js";
import { appEntry } from "../built-entry.js";
import { defineCommand, targetOptions } from "../command.js";
import { createConfigServer, isConfigFile } from "../config-server.js";
import { connectError, signInAfter } from "../connect.js";
import { CliError, UsageError } from "../errors.js";
import { execForeground } from "../exec.js";
import { parseProtocol, protocolOption } from "../protocol-flag.js";
import { logLevelOf, parseServeFlags, runOptions, serveOptions } from "../serve-flags.js";
import { takeTarget } from "../take-target.js";
import { appArgs, type ServeFlags, serverCommand, TARGET_HELP, type Target } from "../target.js";
import { urlAuth } from "../url-auth.js";

export const runCommand = defineCommand({
  name: "run",
  summary: "Serve a server over stdio, Streamable HTTP or SSE (TypeScript needs no build)",
  help: `Usage: mcpkit run <target>|<servers.json> [--transport stdio|http|sse] [--host <host>] [--port <port>] [--log-level <level>] [-- <server args>]

Serves the target. A server file is imported and its FastMCP run; an app runs its own main with
these flags (arguments after -- go to it too), from its build in this process when the build is
current, else from source through tsx (run "pnpm build" for the fast start); "all" mounts every reference app under its name.
A URL or a stdio command is proxied, which bridges transports: "mcpkit run -- node server.js
--transport http" serves a stdio server over HTTP, and "mcpkit run https://..." a remote one
over stdio. A .json file with "mcpServers" (the config Claude Desktop and Cursor use) serves
every server in it from one, each under its name as prefix: weather's get_forecast is
weather_get_forecast.

Options:
  --transport <t>     stdio (default), http (Streamable HTTP at /mcp) or sse (the legacy
                      HTTP+SSE transport at /sse), passed on to the server as it is
  --host <host>       HTTP interface, default 127.0.0.1
  --port <port>       HTTP port, default 3000 (0 picks a free one)
  --log-level <l>     The server's own stderr log: debug, info, warning, error, silent
  --command "<cmd>"   Proxy this stdio command
  --protocol <p>      The era to speak to a proxied URL or command: auto (default: 2026-07-28
                      when it speaks it, else 2025-11-25), 2026-07-28 or 2025-11-25
  -h, --help          Show this help

${TARGET_HELP}

Examples:
  mcpkit run weather -- --offline
  mcpkit run ./src/server.ts --transport http --port 8000
  mcpkit run all --transport http
  mcpkit run servers.json --transport http`,
  options: { ...targetOptions, ...serveOptions, ...protocolOption },
  async run({ values, positionals, rest }) {
    if (values.command === undefined && isConfigFile(positionals[0])) {
      if (positionals.length > 1 || rest.length > 0)
        throw new CliError("A config file takes no other arguments", 2);
      const flags = parseServeFlags(values);
      return serve(await createConfigServer(positionals[0], logLevelOf(flags)), flags);
    }
    const { target, positionals: extra } = takeTarget(positionals, rest, values.command);
    if (extra.length > 0)
      throw new CliError(`Unexpected arguments: ${extra.join(" ")} (server arguments go after --)`, 2);
    const flags = parseServeFlags(values);
    const protocol = parseProtocol(values.protocol);
    if (values.protocol !== undefined && target.kind !== "url" && target.kind !== "command")
      throw new UsageError(
        "--protocol is for a proxied target (a URL or a command), which mcpkit connects to",
      );
    if (target.kind === "app") return runApp(target, flags);
    if (target.kind === "file") return execForeground(serverCommand(target, flags));
    const logLevel = logLevelOf(flags);
    let server: FastMCP;
    if (target.kind === "all") {
      const all = await createAllAppsServer(logLevel ? { logLevel } : {});
      for (const { name, reason } of all.skipped)
        process.stderr.write(`mcpkit: skipped app ${name}: ${reason}\n`);
      process.stderr.write(
        `mcpkit: serving ${all.mounted.map((name) => `${name} (${appPrefix(name)}_*)`).join(", ")}\n`,
      );
      server = all.server;
    } else {
      const proxied =
        target.kind === "url" ? target.url : { ...serverCommand(target), stderr: "inherit" as const };
      const auth = urlAuth(target, process.env);
      const proxy = (client: ClientOptions) =>
        createProxy(proxied, { ...(logLevel ? { logLevel } : {}), client: { ...client, protocol } });
      try {
        try {
          server = await proxy(auth);
        } catch (error) {
          server = await proxy({ auth: await signInAfter(error, target, auth) });
        }
      } catch (error) {
        throw connectError(error, target);
      }
    }
    return serve(server, flags);
  },
});

async function serve(server: FastMCP, flags: ServeFlags): Promise<number> {
  const running = await server.run(runOptions(flags));
  if (running.url) process.stderr.write(`mcpkit: ${server.name} listening on ${running.url}\n`);
  await running.closed;
  return 0;
}

/**
 * A built app runs in this process: its main reads `process.argv` as if node had started it, so
 * the first request is answered about as fast as by `node dist/main.js`, without a second node.
 * An app whose build is missing or older than its source runs from source, in a child with tsx.
 */
async function runApp(target: Extract<Target, { kind: "app" }>, flags: ServeFlags): Promise<number> {
  const entry = appEntry(target.dir);
  if (!entry.built) {
    process.stderr.write(
      `mcpkit: apps/${target.name} has no current build; running its source through tsx, which starts slower ("pnpm build" makes it fast)\n`,
    );
    return execForeground(serverCommand(target, flags));
  }
  process.argv = [process.execPath, entry.file, ...appArgs(target, flags)];
  await import(pathToFileURL(entry.file).href);
  return typeof process.exitCode === "number" ? process.exitCode : 0;
}

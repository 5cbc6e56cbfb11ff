import { createProxy, type FastMCP } from "@mcpkit/core";
import { appPrefix, createAllAppsServer } from "../all-apps.js";
import { defineCommand, targetOptions } from "../command.js";
import { CliError } from "../errors.js";
import { execForeground } from "../exec.js";
import { logLevelOf, parseServeFlags, runOptions, serveOptions } from "../serve-flags.js";
import { takeTarget } from "../take-target.js";
import { describeTarget, serverCommand, TARGET_HELP } from "../target.js";

export const runCommand = defineCommand({
  name: "run",
  summary: "Serve a server over stdio, Streamable HTTP or SSE (TypeScript needs no build)",
  help: `Usage: mcpkit run <target> [--transport stdio|http|sse] [--host <host>] [--port <port>] [--log-level <level>] [-- <server args>]

Serves the target. A server file is imported and its FastMCP run; an app runs its own main with
these flags (arguments after -- go to it too); "all" mounts every reference app under its name.
A URL or a stdio command is proxied, which bridges transports: "mcpkit run -- node server.js
--transport http" serves a stdio server over HTTP, and "mcpkit run https://..." a remote one
over stdio.

Options:
  --transport <t>     stdio (default), http (Streamable HTTP at /mcp) or sse (legacy /sse)
  --host <host>       HTTP interface, default 127.0.0.1
  --port <port>       HTTP port, default 3000 (0 picks a free one)
  --log-level <l>     The server's own stderr log: debug, info, warning, error, silent
  --command "<cmd>"   Proxy this stdio command
  -h, --help          Show this help

${TARGET_HELP}

Examples:
  mcpkit run weather -- --offline
  mcpkit run ./src/server.ts --transport http --port 8000
  mcpkit run all --transport http`,
  options: { ...targetOptions, ...serveOptions },
  async run({ values, positionals, rest }) {
    const { target, positionals: extra } = takeTarget(positionals, rest, values.command);
    if (extra.length > 0)
      throw new CliError(`Unexpected arguments: ${extra.join(" ")} (server arguments go after --)`, 2);
    const flags = parseServeFlags(values);
    if (target.kind === "app" || target.kind === "file") return execForeground(serverCommand(target, flags));
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
      try {
        server = await createProxy(proxied, logLevel ? { logLevel } : {});
      } catch (error) {
        throw new CliError(
          `Could not connect to ${describeTarget(target)}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    const running = await server.run(runOptions(flags));
    if (running.url) process.stderr.write(`mcpkit: ${server.name} listening on ${running.url}\n`);
    await running.closed;
    return 0;
  },
});

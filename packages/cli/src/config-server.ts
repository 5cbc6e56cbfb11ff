import { existsSync, readFileSync } from "node:fs";
import { basename, resolve } from "node:path";
import {
  configPrefix,
  FastMCP,
  type McpServersConfig,
  parseMcpServersConfig,
  type ServerLogLevel,
} from "@mcpkit/core";
import { CliError, UsageError } from "./errors.js";

/** Whether a `run` target names an `mcpServers` config file rather than a server. */
export function isConfigFile(spec: string | undefined, cwd = process.cwd()): spec is string {
  return spec?.endsWith(".json") === true && existsSync(resolve(cwd, spec));
}

/**
 * One server for every server of an `mcpServers` config file (Claude Desktop's and Cursor's
 * format), each under its name as prefix: `mcpkit run servers.json`.
 */
export async function createConfigServer(
  file: string,
  logLevel: ServerLogLevel | undefined,
): Promise<FastMCP> {
  let config: McpServersConfig;
  try {
    config = parseMcpServersConfig(JSON.parse(readFileSync(file, "utf8")));
  } catch (error) {
    throw new UsageError(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const name = basename(file, ".json");
  let server: FastMCP;
  try {
    server = await FastMCP.fromConfig(config, logLevel ? { name, logLevel } : { name });
  } catch (error) {
    throw new CliError(`${file}: ${error instanceof Error ? error.message : String(error)}`, 1, {
      cause: error,
    });
  }
  const served = Object.entries(config.mcpServers)
    .filter(([, entry]) => entry.disabled !== true)
    .map(([entry]) => `${entry} (${configPrefix(entry)}_*)`);
  process.stderr.write(`mcpkit: serving ${served.join(", ")}\n`);
  return server;
}

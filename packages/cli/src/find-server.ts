import { FastMCP, type ServerLogLevel } from "@mcpkit/core";
import { CliError } from "./errors.js";

/** Export names tried, in order, when the target names none. */
const CONVENTIONAL_NAMES = ["server", "mcp", "default"];

export interface FoundServer {
  server: FastMCP;
  exportName: string;
}

/**
 * The FastMCP a module exports: the named export, else `server`, `mcp`, the default export, the
 * only FastMCP exported, or the only `create*Server` factory (called with `{}`). Instances
 * are recognised by shape, so a server built on another copy of @mcpkit/core still counts.
 */
export async function findServer(
  module: Record<string, unknown>,
  file: string,
  exportName: string | undefined,
  logLevel: ServerLogLevel | undefined,
): Promise<FoundServer> {
  const make = async (name: string): Promise<FoundServer | undefined> => {
    const value = module[name];
    if (isServer(value)) return { server: value, exportName: name };
    if (typeof value === "function" && /^create\w*Server$/.test(name)) {
      let made: unknown;
      try {
        made = await (value as (options: object) => unknown)(logLevel ? { logLevel } : {});
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new CliError(`${file}: ${name}({}) failed (${reason}); export a ready server instead`, 1, {
          cause: error,
        });
      }
      if (isServer(made)) return { server: made, exportName: name };
    }
    return undefined;
  };
  if (exportName !== undefined) {
    if (!(exportName in module)) {
      throw new CliError(
        `${file} has no export named "${exportName}". It exports: ${describeExports(module)}`,
      );
    }
    const found = await make(exportName);
    if (!found)
      throw new CliError(`${file}: "${exportName}" is not a FastMCP server or a create*Server() factory`);
    return found;
  }
  for (const name of CONVENTIONAL_NAMES) {
    if (isServer(module[name])) return { server: module[name] as FastMCP, exportName: name };
  }
  const instances = Object.keys(module).filter((name) => isServer(module[name]));
  if (instances.length > 1) {
    throw new CliError(
      `${file} exports several servers (${instances.join(", ")}); pick one: ${file}:${instances[0]}`,
    );
  }
  const only = instances[0];
  if (only !== undefined) return { server: module[only] as FastMCP, exportName: only };
  const factories = Object.keys(module).filter(
    (name) => /^create\w*Server$/.test(name) && typeof module[name] === "function",
  );
  if (factories.length === 1 && factories[0] !== undefined) {
    const found = await make(factories[0]);
    if (found) return found;
  }
  throw new CliError(
    `${file} exports no FastMCP server. Export one (\`export const server = new FastMCP(...)\`) or name it: ${file}:<export>. It exports: ${describeExports(module)}`,
  );
}

function isServer(value: unknown): value is FastMCP {
  if (value instanceof FastMCP) return true;
  const candidate = value as Partial<FastMCP> | null;
  return (
    typeof candidate === "object" &&
    candidate !== null &&
    typeof candidate.run === "function" &&
    typeof candidate.tool === "function" &&
    typeof candidate.connect === "function"
  );
}

function describeExports(module: Record<string, unknown>): string {
  const names = Object.keys(module);
  return names.length === 0 ? "(nothing)" : names.join(", ");
}

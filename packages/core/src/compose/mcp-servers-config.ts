import { z } from "zod";
import type { FastMCPOptions } from "../engine/server-options.js";
import type { ToolTransforms } from "./tool-transform.js";

/**
 * One server of a standard `mcpServers` client config (the format of Claude Desktop, Cursor and
 * VS Code): a command to spawn over stdio, or a URL to reach over HTTP. Keys other clients add
 * (`autoApprove`, `timeout`, ...) are ignored, so a config copied from one of them works as is.
 */
export type McpServerEntry = (
  | { command: string; args?: string[]; env?: Record<string, string>; cwd?: string }
  | { url: string; headers?: Record<string, string> }
) & {
  /** A server marked disabled is left out, as the clients do. */
  disabled?: boolean;
  /** Tool transforms for this server's tools, keyed by their own names (see `ToolTransform`). */
  tools?: ToolTransforms;
};

/** A standard MCP client config: `{ "mcpServers": { "<name>": { ... } } }`. */
export interface McpServersConfig {
  mcpServers: Record<string, McpServerEntry>;
}

export type FromConfigOptions = Partial<FastMCPOptions>;

const stringMap = z.record(z.string(), z.string());
const common = { disabled: z.boolean().optional(), tools: z.record(z.string(), z.unknown()).optional() };
const entrySchema = z.union([
  z.looseObject({
    command: z.string().min(1),
    args: z.array(z.string()).optional(),
    env: stringMap.optional(),
    cwd: z.string().optional(),
    ...common,
  }),
  z.looseObject({ url: z.url(), headers: stringMap.optional(), ...common }),
]);
const configSchema = z.looseObject({ mcpServers: z.record(z.string(), entrySchema) });

/**
 * Checks a parsed `mcpServers` config (a JSON file's contents): a clear error names the first
 * entry that is neither a command nor a URL.
 *
 * @example
 * const config = parseMcpServersConfig(JSON.parse(readFileSync("servers.json", "utf8")));
 */
export function parseMcpServersConfig(value: unknown): McpServersConfig {
  const checked = configSchema.safeParse(value);
  if (checked.success) return value as McpServersConfig;
  const issue = checked.error.issues[0];
  const where = issue?.path.join(".") || "the top";
  throw new TypeError(
    `Invalid mcpServers config at ${where}: ${issue?.message ?? "invalid"} (each server needs a "command" or a "url")`,
  );
}

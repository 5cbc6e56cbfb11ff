import type { ClientName, ServerEntry } from "./client-config.js";
import { findWorkspace } from "./workspace.js";

/** The reference apps published to npm as `@mcpkit/<app>`, each with one bin that serves it on stdio. */
export const PUBLISHED_APPS = [
  "api-gateway",
  "everything",
  "file-manager",
  "sqlite",
  "thumbnail",
  "weather",
] as const;

/**
 * The published app a target names (`weather` or `@mcpkit/weather`) when its config entry should
 * be `npx -y @mcpkit/<app>`: when asked (`--npx`), and always outside this repository, where there
 * is no build to point at and the user has the package from npm.
 */
export function npxApp(spec: string | undefined, asked: boolean): string | undefined {
  const name = spec?.replace(/^@mcpkit\//, "");
  if (!name || !(PUBLISHED_APPS as readonly string[]).includes(name)) return undefined;
  return asked || !findWorkspace() ? name : undefined;
}

/** A local server's entry in `client`'s config: VS Code and Claude Code want `"type": "stdio"`. */
export function stdioEntry(
  client: ClientName,
  command: string,
  args: string[],
  env: Record<string, string>,
): ServerEntry {
  const entry: ServerEntry = { command, args };
  const typed = client === "vscode" || client === "claude-code" ? { type: "stdio", ...entry } : entry;
  return Object.keys(env).length > 0 ? { ...typed, env } : typed;
}

/** `npx -y @mcpkit/<app> <server args>`: what the official servers' READMEs tell users to paste. */
export function npxEntry(
  app: string,
  serverArgs: string[],
  client: ClientName,
  env: Record<string, string>,
): ServerEntry {
  return stdioEntry(client, "npx", ["-y", `@mcpkit/${app}`, ...serverArgs], env);
}

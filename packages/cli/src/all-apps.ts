import { existsSync } from "node:fs";
import { join } from "node:path";
import { createProxy, FastMCP, type ServerLogLevel } from "@mcpkit/core";
import { appEntry } from "./built-entry.js";
import { nodeArgs } from "./node-command.js";
import { packageVersions } from "./versions.js";
import { findWorkspace, listApps } from "./workspace.js";

/**
 * How each reference app starts inside the composed server: offline, sandboxed to the current
 * directory (read-only unless the app says otherwise), or skipped when it needs a configuration
 * it does not have. Apps not listed start with no arguments.
 */
const APP_ARGS: Record<string, (context: { cwd: string; dir: string }) => string[] | string> = {
  weather: () => ["--offline"],
  "file-manager": ({ cwd }) => ["--root", cwd],
  thumbnail: ({ cwd }) => ["--root", cwd],
  "api-gateway": ({ dir }) => {
    const config = join(dir, "examples", "gateway.yaml");
    return existsSync(config)
      ? ["--config", config]
      : "needs --config <file>, and examples/gateway.yaml is missing";
  },
};

/** The prefix an app is mounted under: its name as a valid tool-name prefix (`file-manager` -> `file_manager`). */
export function appPrefix(name: string): string {
  return name.replace(/-/g, "_");
}

export interface AllAppsServer {
  server: FastMCP;
  mounted: string[];
  skipped: Array<{ name: string; reason: string }>;
}

/**
 * One server with every reference app of the workspace mounted under its prefix: each app runs as
 * its own process (as it would in production) behind a proxy, and the proxies are mounted.
 * Needs no network to start: weather answers from its recorded responses.
 */
export async function createAllAppsServer(
  options: { cwd?: string; logLevel?: ServerLogLevel } = {},
): Promise<AllAppsServer> {
  const cwd = options.cwd ?? process.cwd();
  const workspace = findWorkspace();
  if (!workspace) throw new Error("`all` needs the mcpkit workspace (the apps/ folder)");
  const skipped: AllAppsServer["skipped"] = [];
  const started = await Promise.all(
    listApps(workspace).map(async (name) => {
      const dir = join(workspace, "apps", name);
      const args = APP_ARGS[name]?.({ cwd, dir }) ?? [];
      if (typeof args === "string") {
        skipped.push({ name, reason: args });
        return undefined;
      }
      const command = {
        command: process.execPath,
        args: [...nodeArgs(appEntry(dir).file), "--log-level", "warning", ...args],
      };
      try {
        const proxy = await createProxy(
          { ...command, stderr: "pipe" },
          { logLevel: options.logLevel ?? "warning" },
        );
        return { name, proxy };
      } catch (error) {
        skipped.push({ name, reason: error instanceof Error ? error.message : String(error) });
        return undefined;
      }
    }),
  );
  const apps = started.filter((app) => app !== undefined);
  const mounted = apps.map((app) => app.name);
  const server = new FastMCP({
    name: "mcpkit-all",
    version: packageVersions().cli,
    instructions: `Every mcpkit reference server in one. Each app's tools and prompts are prefixed with its name (${mounted.map((name) => `${appPrefix(name)}_...`).join(", ")}); its resources carry the prefix as the first path segment of their URI.`,
    logLevel: options.logLevel ?? "info",
    lifespan: () => async () => {
      await Promise.allSettled(apps.map((app) => app.proxy.close()));
    },
  });
  for (const app of apps) server.mount(appPrefix(app.name), app.proxy);
  return { server, mounted, skipped };
}

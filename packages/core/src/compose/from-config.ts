import { FastMCP } from "../facade/fast-mcp.js";
import { defined } from "./defined.js";
import {
  type FromConfigOptions,
  type McpServersConfig,
  parseMcpServersConfig,
} from "./mcp-servers-config.js";
import { createProxy } from "./proxy.js";

/**
 * The prefix a config's server is served under: its name, with what a tool name cannot hold
 * replaced by `_` (`my server` -> `my_server`, so its tools are `my_server_<tool>`).
 */
export function configPrefix(name: string): string {
  const prefix = name.replace(/[^A-Za-z0-9_.-]/g, "_").replace(/^[^A-Za-z0-9]+/, "");
  return prefix.slice(0, 64) || "server";
}

/** See `FastMCP.fromConfig`. */
export async function serveConfig(
  config: McpServersConfig,
  options: FromConfigOptions = {},
): Promise<FastMCP> {
  parseMcpServersConfig(config);
  const entries = Object.entries(config.mcpServers).filter(([, entry]) => entry.disabled !== true);
  const prefixes = new Map<string, string>();
  for (const [name] of entries) {
    const prefix = configPrefix(name);
    const other = prefixes.get(prefix);
    if (other !== undefined)
      throw new TypeError(`Servers "${other}" and "${name}" would share the prefix "${prefix}"`);
    prefixes.set(prefix, name);
  }
  const logLevel = options.logLevel ?? "warning";
  const started = await Promise.allSettled(
    entries.map(async ([name, entry]) => {
      try {
        const transforms = entry.tools ? { transforms: entry.tools } : {};
        if ("url" in entry) {
          const client = entry.headers ? { client: { headers: entry.headers } } : {};
          return await createProxy(entry.url, { logLevel, ...client, ...transforms });
        }
        const { command, args, env, cwd } = entry;
        const target = { command, stderr: "inherit" as const, ...defined({ args, env, cwd }) };
        return await createProxy(target, { logLevel, ...transforms });
      } catch (error) {
        throw new Error(`mcpServers.${name}: ${error instanceof Error ? error.message : String(error)}`, {
          cause: error,
        });
      }
    }),
  );
  const proxies = started.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
  const failure = started.find((result) => result.status === "rejected");
  if (failure) {
    await Promise.allSettled(proxies.map((proxy) => proxy.close()));
    throw failure.reason;
  }
  const server = new FastMCP({
    name: "mcp-config",
    ...options,
    lifespan: async () => {
      const cleanup = await options.lifespan?.();
      return async () => {
        await Promise.allSettled(proxies.map((proxy) => proxy.close()));
        if (typeof cleanup === "function") await cleanup();
      };
    },
  });
  entries.forEach(([name], index) => {
    const proxy = proxies[index];
    if (proxy) server.mount(configPrefix(name), proxy);
  });
  // Started now, so that close() stops the servers even if no client ever connected.
  await server.start();
  return server;
}

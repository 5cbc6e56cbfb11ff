import {
  ConfigError,
  FastMCP,
  type LogSink,
  type ReplicaOptions,
  replicaOptionsOf,
  type ServerLogLevel,
} from "@mcpkit/core";
import { registerUpstreamOpenAPI } from "./openapi-upstream.js";
import { createRedactor } from "./redactor.js";
import { ResponseCache } from "./response-cache.js";
import type { RenderedResponse } from "./response-content.js";
import { registerCallApi } from "./tools/call-api.js";
import { registerFetchData } from "./tools/fetch-data.js";
import type { GatewayDeps } from "./tools/gateway-deps.js";
import { registerListUpstreams } from "./tools/list-upstreams.js";
import type { Upstream } from "./upstream.js";
import { type RetryWait, UpstreamClient } from "./upstream-client.js";

export type { GatewayConfig } from "./config.js";
export type { Upstream } from "./upstream.js";

/** With `ReplicaOptions`: the store, event bus and request-state key replicas share. */
export interface ApiGatewayOptions extends ReplicaOptions {
  upstreams: Upstream[];
  logLevel?: ServerLogLevel;
  /** Where log lines go (stderr by default); every line is redacted before it gets there. */
  logSink?: LogSink;
  /** Waits before a retry (a timer by default; tests record the waits instead of taking them). */
  retryWait?: RetryWait;
}

const CACHE_TTL_MS = 5 * 60_000;

/**
 * The API gateway: `list_upstreams`, `fetch_data` (GET) and `call_api` (other allowed methods)
 * over the configured upstreams, plus each upstream's OpenAPI operations as tools and resources.
 * Everything outbound goes through one `UpstreamClient` per upstream.
 */
export function createApiGatewayServer(options: ApiGatewayOptions): FastMCP {
  // A server file served by `mcpkit run` is made with `{}`: say which flag is missing, not a TypeError.
  if (!Array.isArray(options.upstreams) || options.upstreams.length === 0)
    throw new ConfigError("api-gateway needs its upstreams: start it with --config <file> (see README.md)");
  const redact = createRedactor(
    options.upstreams.flatMap((upstream) => (upstream.auth ? [upstream.auth.value] : [])),
  );
  const sink = options.logSink ?? ((line: string) => process.stderr.write(line));
  const clients = new Map<string, UpstreamClient>();
  const mcp = new FastMCP({
    name: "api-gateway",
    version: "0.1.0",
    instructions:
      "Calls the HTTP APIs listed by list_upstreams, and only those. Name an upstream and a path under it; " +
      "long responses come in pages (start_index). Upstream errors come back with their HTTP status.",
    maskErrorDetails: true,
    logLevel: options.logLevel ?? "info",
    logSink: (line) => sink(redact.text(line)),
    ...replicaOptionsOf(options),
    lifespan: () => async () => {
      await Promise.all([...clients.values()].map((client) => client.close()));
    },
  });
  const log = (fields: Record<string, unknown>) =>
    mcp.logger.log(fields.error ? "warning" : "info", "upstream request", fields);
  for (const upstream of options.upstreams)
    clients.set(upstream.name, new UpstreamClient(upstream, redact, log, options.retryWait));
  const client = (name: string) => {
    const found = clients.get(name);
    if (!found) throw new TypeError(`Unknown upstream ${name}`); // the input enum makes this unreachable
    return found;
  };

  const generated = new Map<string, string[]>();
  for (const upstreamClient of clients.values()) {
    const imported = registerUpstreamOpenAPI(mcp, upstreamClient);
    generated.set(upstreamClient.upstream.name, [
      ...imported.tools.map((tool) => `tool ${tool.name}`),
      ...imported.resources.map((resource) => `resource ${resource.uri}`),
    ]);
  }

  const deps: GatewayDeps = {
    upstreams: options.upstreams,
    client,
    cache: new ResponseCache<RenderedResponse>(CACHE_TTL_MS),
    generated,
  };
  registerListUpstreams(mcp, deps);
  registerFetchData(mcp, deps);
  registerCallApi(mcp, deps);
  return mcp;
}

import { fileURLToPath } from "node:url";
import type { CallToolResult, FastMCP } from "@mcpkit/core";
import { afterEach, beforeEach } from "vitest";
import { type DemoUpstream, startDemoUpstream } from "../scripts/demo-upstream.js";
import { parseGatewayConfig } from "./config.js";
import { createApiGatewayServer } from "./server.js";
import type { RetryWait } from "./upstream-client.js";

/** Test-only helpers (excluded from the build): a gateway over the demo upstream, and result text. */
export const SECRET = "s3cr3t-token-value-42";
export const examplesDir = fileURLToPath(new URL("../examples/", import.meta.url));

/** The upstream entry the tests start from: the demo on loopback, so allowPrivateNetwork. */
export function demoEntry(
  upstream: DemoUpstream,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    name: "demo",
    description: "The demo upstream",
    baseUrl: `${upstream.origin}/api/`,
    allowPrivateNetwork: true,
    auth: { type: "bearer", env: "DEMO_TOKEN" },
    allowedMethods: ["GET", "POST"],
    // Generous: a loaded CI machine must not turn a slow decompression into a timeout.
    timeouts: { connectMs: 5_000, headersMs: 5_000, totalMs: 10_000 },
    maxResponseBytes: 256 * 1024,
    ...overrides,
  };
}

/**
 * Starts a fresh demo upstream before each test and closes it, and every gateway made with
 * `gateway(...)`, after it.
 */
export function useDemoUpstream() {
  let current: DemoUpstream | undefined;
  const servers: FastMCP[] = [];
  beforeEach(async () => {
    current = await startDemoUpstream();
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
    await current?.close();
  });
  const upstream = () => {
    if (!current) throw new Error("useDemoUpstream: only inside a test");
    return current;
  };
  return {
    upstream,
    /** A gateway over the given entries, or over the demo entry with these overrides. */
    gateway: (entries: Record<string, unknown>[] | Record<string, unknown> = {}, retryWait?: RetryWait) =>
      createTestGateway(
        Array.isArray(entries) ? entries : [demoEntry(upstream(), entries)],
        servers,
        retryWait,
      ),
  };
}

/** Builds a gateway from config entries exactly as main does, collecting its log lines. */
export function createTestGateway(
  entries: Record<string, unknown>[],
  servers: FastMCP[],
  retryWait?: RetryWait,
) {
  const config = parseGatewayConfig(
    { upstreams: entries },
    { env: { DEMO_TOKEN: SECRET }, baseDir: examplesDir },
  );
  const logs: string[] = [];
  const server = createApiGatewayServer({
    upstreams: config.upstreams,
    logSink: (line) => logs.push(line),
    ...(retryWait ? { retryWait } : {}),
  });
  servers.push(server);
  return { server, logs };
}

export function resultText(result: CallToolResult): string {
  return result.content
    .map((block) => (block.type === "text" ? block.text : JSON.stringify(block)))
    .join("\n");
}

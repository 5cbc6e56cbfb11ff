import { fileURLToPath } from "node:url";
import type { CallToolResult, FastMCP } from "@mcpkit/core";
import type { DemoUpstream } from "../scripts/demo-upstream.js";
import { parseGatewayConfig } from "./config.js";
import { createApiGatewayServer } from "./server.js";

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
    timeouts: { connectMs: 1_000, headersMs: 1_000, totalMs: 1_500 },
    maxResponseBytes: 256 * 1024,
    ...overrides,
  };
}

/** Builds a gateway from config entries exactly as main does, collecting its log lines. */
export function createTestGateway(entries: Record<string, unknown>[], servers: FastMCP[]) {
  const config = parseGatewayConfig(
    { upstreams: entries },
    { env: { DEMO_TOKEN: SECRET }, baseDir: examplesDir },
  );
  const logs: string[] = [];
  const server = createApiGatewayServer({ upstreams: config.upstreams, logSink: (line) => logs.push(line) });
  servers.push(server);
  return { server, logs };
}

export function resultText(result: CallToolResult): string {
  return result.content
    .map((block) => (block.type === "text" ? block.text : JSON.stringify(block)))
    .join("\n");
}

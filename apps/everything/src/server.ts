import {
  FastMCP,
  type RateLimitSpec,
  type ReplicaOptions,
  replicaOptionsOf,
  type ServerLogLevel,
} from "@mcpkit/core";
import { registerCallCounts } from "./call-counts.js";
import { registerContentTools } from "./tools/content-tools.js";
import { registerContextTools } from "./tools/context-tools.js";
import { registerEraTools } from "./tools/era-tools.js";
import { registerMultiRoundTools } from "./tools/mrtr.js";
import { registerPrompts } from "./tools/prompts.js";
import { registerResources } from "./tools/resources.js";
import { registerSessionTools } from "./tools/session-tools.js";

/** With `ReplicaOptions`: the store, event bus and request-state key (MCPKIT_REQUEST_STATE_KEY) replicas share. */
export interface EverythingOptions extends ReplicaOptions {
  logLevel?: ServerLogLevel;
  /** Tool calls allowed across the whole server (`--rate-limit`), shared by replicas on one store. */
  rateLimit?: RateLimitSpec | undefined;
  /** While the store cannot decide, run rate-limited calls unlimited (`--rate-limit-fail-open`). */
  rateLimitFailOpen?: boolean;
  /** Items per page of every list (`--page-size`). */
  pageSize?: number;
}

/** The conformance fixture: every tool, resource and prompt the official suite expects. */
export function createEverythingServer(options: EverythingOptions = {}): FastMCP {
  const mcp = new FastMCP({
    name: "mcpkit-everything",
    version: "0.1.0",
    title: "mcpkit everything",
    instructions: "A test server exercising every MCP feature; its tools are for conformance testing.",
    logLevel: options.logLevel ?? "info",
    ...replicaOptionsOf(options),
    ...(options.rateLimit === undefined ? {} : { rateLimit: options.rateLimit }),
    ...(options.rateLimitFailOpen === true ? { rateLimitFailure: "open" as const } : {}),
    ...(options.pageSize === undefined ? {} : { pageSize: options.pageSize }),
  });
  registerCallCounts(mcp);
  registerContentTools(mcp);
  registerContextTools(mcp);
  registerSessionTools(mcp);
  registerEraTools(mcp);
  registerResources(mcp);
  registerPrompts(mcp);
  registerMultiRoundTools(mcp);
  return mcp;
}

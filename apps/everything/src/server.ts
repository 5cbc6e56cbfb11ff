import { FastMCP, type ServerLogLevel } from "@mcpkit/core";
import { registerContentTools } from "./tools/content-tools.js";
import { registerContextTools } from "./tools/context-tools.js";
import { registerPrompts } from "./tools/prompts.js";
import { registerResources } from "./tools/resources.js";

export interface EverythingOptions {
  logLevel?: ServerLogLevel;
}

/** The conformance fixture: every tool, resource and prompt the official suite expects. */
export function createEverythingServer(options: EverythingOptions = {}): FastMCP {
  const mcp = new FastMCP({
    name: "mcpkit-everything",
    version: "0.1.0",
    title: "mcpkit everything",
    instructions: "A test server exercising every MCP feature; its tools are for conformance testing.",
    logLevel: options.logLevel ?? "info",
  });
  registerContentTools(mcp);
  registerContextTools(mcp);
  registerResources(mcp);
  registerPrompts(mcp);
  return mcp;
}

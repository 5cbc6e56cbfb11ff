import type { FastMCP } from "../server/fast-mcp.js";
import type { RunningServer } from "../server/run-options.js";
import type { HttpOptions } from "./http-options.js";

export async function serveHttp(_server: FastMCP, _options: HttpOptions & { transport: "http" | "sse" }): Promise<RunningServer> {
  throw new Error("HTTP transports are not available yet");
}

import { checkOptions } from "../config/check-options.js";
import { HTTP_OPTION_KEYS, type HttpOptions } from "../http/http-options.js";

/** How `FastMCP.run()` serves: stdio (the default), Streamable HTTP, or legacy HTTP+SSE. */
export type RunOptions = { transport?: "stdio" } | ({ transport: "http" | "sse" } & HttpOptions);

const STDIO_KEYS = { transport: true } as const;
const HTTP_RUN_KEYS = { ...HTTP_OPTION_KEYS, transport: true } as const;

/** Throws for an option the chosen transport does not take (stdio takes none but `transport`). */
export function checkRunOptions(options: RunOptions): void {
  const stdio = options.transport === undefined || options.transport === "stdio";
  checkOptions(stdio ? "stdio run" : "HTTP run", options, stdio ? STDIO_KEYS : HTTP_RUN_KEYS);
}

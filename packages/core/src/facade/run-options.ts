import type { HttpOptions } from "../http/http-options.js";

/** How `FastMCP.run()` serves: stdio (the default), Streamable HTTP, or legacy HTTP+SSE. */
export type RunOptions = { transport?: "stdio" } | ({ transport: "http" | "sse" } & HttpOptions);

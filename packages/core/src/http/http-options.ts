/** Options for serving over HTTP (Streamable HTTP or legacy SSE). */
export interface HttpOptions {
  /** Interface to bind; defaults to `HOST` from the environment, else 127.0.0.1. */
  host?: string;
  /** Port; defaults to `PORT` from the environment, else 3000. 0 picks a free one. */
  port?: number;
  /** The MCP endpoint path; defaults to `/mcp` (Streamable HTTP). */
  path?: string;
}

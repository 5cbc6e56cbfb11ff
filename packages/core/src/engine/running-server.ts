/** A server being served; `close()` stops it gracefully. */
export interface RunningServer {
  /** Where an HTTP server listens, e.g. `http://127.0.0.1:3000/mcp`. */
  url?: string;
  close(): Promise<void>;
  /** Settles when the server has stopped, however that happened. */
  closed: Promise<void>;
}

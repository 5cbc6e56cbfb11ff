/** Levels for the server's own stderr log, most verbose first; "silent" turns it off. */
export type ServerLogLevel = "debug" | "info" | "warning" | "error" | "silent";

const RANK: Record<ServerLogLevel, number> = { debug: 10, info: 20, warning: 30, error: 40, silent: 100 };

export type LogSink = (line: string) => void;

/**
 * Structured logging to stderr, one JSON object per line, so that it never touches a stdio
 * protocol stream and a log shipper can parse it. Argument values are never written.
 */
export class ServerLogger {
  constructor(
    private readonly name: string,
    private readonly level: ServerLogLevel = "info",
    private readonly sink: LogSink = (line) => process.stderr.write(line),
  ) {}

  enabled(level: Exclude<ServerLogLevel, "silent">): boolean {
    return RANK[level] >= RANK[this.level];
  }

  log(level: Exclude<ServerLogLevel, "silent">, message: string, fields?: Record<string, unknown>): void {
    if (!this.enabled(level)) return;
    const line = { time: new Date().toISOString(), level, server: this.name, msg: message, ...fields };
    this.sink(`${JSON.stringify(line)}\n`);
  }

  /** A bug: the message and stack go to stderr, never to the client. */
  error(message: string, error: unknown, fields?: Record<string, unknown>): void {
    const detail = error instanceof Error ? { error: error.message, stack: error.stack } : { error: String(error) };
    this.log("error", message, { ...fields, ...detail });
  }
}

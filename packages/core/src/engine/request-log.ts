/** Levels for the server's own stderr log, most verbose first; "silent" turns it off. */
export type ServerLogLevel = "debug" | "info" | "warning" | "error" | "silent";

const RANK: Record<ServerLogLevel, number> = { debug: 10, info: 20, warning: 30, error: 40, silent: 100 };

export type LogSink = (line: string) => void;

/**
 * Structured logging to stderr, one JSON object per line, so that it never touches a stdio
 * protocol stream and a log shipper can parse it. Argument values are never written.
 */
export class ServerLogger {
  private readonly nameJson: string;
  private readonly requestPrefixes = new Map<string, string>();

  constructor(
    name: string,
    private readonly level: ServerLogLevel = "info",
    private readonly sink: LogSink = writeStderr,
  ) {
    this.nameJson = JSON.stringify(name);
  }

  enabled(level: Exclude<ServerLogLevel, "silent">): boolean {
    return RANK[level] >= RANK[this.level];
  }

  log(level: Exclude<ServerLogLevel, "silent">, message: string, fields?: Record<string, unknown>): void {
    if (!this.enabled(level)) return;
    // Built as a string rather than an object to stringify: this runs once per request at "info".
    let line = `{"time":"${isoNow()}","level":"${level}","server":${this.nameJson},"msg":${JSON.stringify(message)}`;
    if (fields) {
      for (const key of Object.keys(fields)) {
        const value = fields[key];
        if (value === undefined) continue;
        line +=
          keyPrefix(key) +
          ((typeof value === "number" && Number.isFinite(value)) || typeof value === "bigint"
            ? String(value)
            : JSON.stringify(value));
      }
    }
    this.sink(`${line}}\n`);
  }

  /**
   * The one line each request gets at "info": `fields` (the tool, URI or prompt), then how long it
   * took and how it ended. Everything between the time and the duration is the same for every
   * call of one tool, so for a single string field that part is built once and reused.
   */
  request(method: string, fields: Record<string, unknown>, durationMs: number, outcome: string): void {
    if (!this.enabled("info")) return;
    const keys = Object.keys(fields);
    const only = keys.length === 1 ? fields[keys[0]!] : undefined;
    if (typeof only !== "string") {
      fields.durationMs = durationMs;
      fields.outcome = outcome;
      this.log("info", method, fields);
      return;
    }
    const cacheKey = `${method}\u0000${keys[0]}\u0000${only}`;
    let middle = this.requestPrefixes.get(cacheKey);
    if (middle === undefined) {
      middle =
        `","level":"info","server":${this.nameJson},"msg":${JSON.stringify(method)}` +
        `${keyPrefix(keys[0]!)}${JSON.stringify(only)},"durationMs":`;
      if (this.requestPrefixes.size < MAX_CACHED_PREFIXES) this.requestPrefixes.set(cacheKey, middle);
    }
    this.sink(`{"time":"${isoNow()}${middle}${durationMs}${outcomeSuffix(outcome)}`);
  }

  /** A bug: the message and stack go to stderr, never to the client. */
  error(message: string, error: unknown, fields?: Record<string, unknown>): void {
    const detail =
      error instanceof Error ? { error: error.message, stack: error.stack } : { error: String(error) };
    this.log("error", message, { ...fields, ...detail });
  }
}

/** Bounds each cache of line pieces (per tool, URI or outcome); past it, lines are built in full. */
const MAX_CACHED_PREFIXES = 1000;
const keyPrefixes = new Map<string, string>();

/** `,"key":`, kept per key: the same few keys are written on every line. */
function keyPrefix(key: string): string {
  let prefix = keyPrefixes.get(key);
  if (prefix === undefined) {
    prefix = `,${JSON.stringify(key)}:`;
    if (keyPrefixes.size < MAX_CACHED_PREFIXES) keyPrefixes.set(key, prefix);
  }
  return prefix;
}

const outcomeSuffixes = new Map<string, string>();

/** `,"outcome":"ok"}` and a newline, kept per outcome. */
function outcomeSuffix(outcome: string): string {
  let suffix = outcomeSuffixes.get(outcome);
  if (suffix === undefined) {
    suffix = `,"outcome":${JSON.stringify(outcome)}}\n`;
    if (outcomeSuffixes.size < MAX_CACHED_PREFIXES) outcomeSuffixes.set(outcome, suffix);
  }
  return suffix;
}

let lastMs = 0;
let lastIso = "";

/** `new Date().toISOString()`, formatted at most once per millisecond. */
function isoNow(): string {
  const now = Date.now();
  if (now !== lastMs) {
    lastMs = now;
    lastIso = new Date(now).toISOString();
  }
  return lastIso;
}

let queued = "";
let flushScheduled = false;
let flushOnExit = false;

/** How long a log line may wait to share a write with the next ones. */
const FLUSH_DELAY_MS = 20;
/** Queued text that is written at once rather than waiting for the delay. */
const FLUSH_BYTES = 64 * 1024;

/**
 * Appends to stderr, batching lines into one write at most every few milliseconds: stderr to a
 * file or pipe is a synchronous syscall per write, and one per request was a tenth of a busy
 * server's time and, at one call in flight, a syscall between every answer and the next request.
 * What is queued is flushed on exit too, so no line is lost.
 */
function writeStderr(line: string): void {
  queued += line;
  if (queued.length >= FLUSH_BYTES) {
    flushStderr();
    return;
  }
  if (flushScheduled) return;
  flushScheduled = true;
  setTimeout(flushStderr, FLUSH_DELAY_MS).unref();
  if (!flushOnExit) {
    flushOnExit = true;
    process.once("exit", flushStderr);
  }
}

function flushStderr(): void {
  flushScheduled = false;
  if (queued === "") return;
  const text = queued;
  queued = "";
  process.stderr.write(text);
}

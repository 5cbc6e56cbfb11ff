import { createClient } from "redis";

export interface RedisOptions {
  /** `redis://[[user]:password@]host[:port][/db]` or `rediss://` for TLS. */
  url: string;
  /** Prefix of every key and channel, so that several servers can share one Redis. Default `mcpkit:`. */
  prefix?: string;
  /** A command not answered in this time fails (a slow Redis never stalls a call). Default 1000 ms. */
  commandTimeoutMs?: number;
  /** Connecting gives up after this long. Default 2000 ms. */
  connectTimeoutMs?: number;
  /** Longest wait between reconnection attempts (they back off from 50 ms). Default 2000 ms. */
  maxReconnectDelayMs?: number;
  /** Told of connection errors and reconnections; default: one line on stderr per change of state. */
  onEvent?: (event: RedisEvent) => void;
}

export type RedisEvent =
  | { kind: "error"; error: Error }
  | { kind: "reconnecting"; attempt: number; delayMs: number }
  | { kind: "ready" };

export interface RedisHealth {
  ok: boolean;
  /** Round trip of a PING, when it answered. */
  latencyMs?: number;
  error?: string;
}

type Client = ReturnType<typeof createClient>;

/**
 * The two connections a replica holds: one for commands and publishing, one in subscriber mode
 * (Redis puts a connection that subscribes into a mode where it can do nothing else). Both
 * reconnect with backoff forever; while disconnected, commands fail at once rather than queue,
 * so a call that needs Redis gets a clean error instead of hanging.
 */
export class RedisConnection {
  readonly client: Client;
  readonly subscriber: Client;
  readonly prefix: string;
  private readonly onEvent: (event: RedisEvent) => void;
  private lastReported: string | undefined;
  /** Until the first connection, a failure is reported to `connect` instead of retried. */
  private connected = false;

  constructor(options: RedisOptions) {
    this.prefix = options.prefix ?? "mcpkit:";
    this.onEvent = options.onEvent ?? ((event) => this.logChange(event));
    const maxDelay = options.maxReconnectDelayMs ?? 2_000;
    this.client = createClient({
      url: options.url,
      disableOfflineQueue: true,
      commandOptions: { timeout: options.commandTimeoutMs ?? 1_000, rejectInFlight: true },
      socket: {
        connectTimeout: options.connectTimeoutMs ?? 2_000,
        reconnectStrategy: (attempt, cause) => {
          if (!this.connected) return cause;
          const delayMs = Math.min(maxDelay, 50 * 2 ** Math.min(attempt, 10));
          this.onEvent({ kind: "reconnecting", attempt, delayMs });
          return delayMs;
        },
      },
    });
    this.subscriber = this.client.duplicate();
    for (const client of [this.client, this.subscriber]) {
      client.on("error", (error: Error) => this.onEvent({ kind: "error", error }));
      client.on("ready", () => this.onEvent({ kind: "ready" }));
    }
  }

  /** Connects both; rejects with a clear error when Redis cannot be reached. */
  async connect(): Promise<void> {
    try {
      await Promise.all([this.client.connect(), this.subscriber.connect()]);
      this.connected = true;
    } catch (error) {
      await this.close();
      throw new Error(`Cannot connect to Redis: ${describe(error)}`, { cause: error });
    }
  }

  /** A PING with the command timeout: what a health check reports. */
  async health(): Promise<RedisHealth> {
    const started = performance.now();
    try {
      await this.client.ping();
      return { ok: true, latencyMs: performance.now() - started };
    } catch (error) {
      return { ok: false, error: describe(error) };
    }
  }

  report(error: Error): void {
    this.onEvent({ kind: "error", error });
  }

  async close(): Promise<void> {
    await Promise.allSettled(
      [this.client, this.subscriber].map((client) => (client.isOpen ? client.close() : undefined)),
    );
  }

  /** One line per change of state, not one per retry, so an outage does not flood the log. */
  private logChange(event: RedisEvent): void {
    const line =
      event.kind === "error"
        ? `redis: ${describe(event.error)}`
        : event.kind === "ready"
          ? "redis: connected"
          : undefined;
    if (line === undefined || line === this.lastReported) return;
    this.lastReported = line;
    process.stderr.write(`${line}\n`);
  }
}

function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describe(error.errors[0]);
  return error instanceof Error ? error.message || error.name : String(error);
}

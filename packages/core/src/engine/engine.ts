import type { Transport } from "../protocol/transport.js";
import type { LoggingLevel } from "../protocol/types.js";
import { Context, type ContextScope } from "../server/context.js";
import { RateLimiter } from "../server/rate-limit.js";
import { describeInternalError } from "./error-masking.js";
import { createMethodTable } from "./method-table.js";
import { type ListChanged, Registry } from "./registry.js";
import { ServerLogger } from "./request-log.js";
import type { ServerEvent } from "./server-event.js";
import type { FastMCPOptions, MaybePromise } from "./server-options.js";
import { type MethodHandler, type RequestCall, Session, type SessionHost } from "./session.js";

/** How a transport's client is served. */
export interface ConnectOptions {
  /** Sessionless HTTP: no `initialize`, and no server-to-client requests. */
  stateless?: boolean;
}

/**
 * What serves a server: its registry, the method table that dispatches requests to it, the
 * connected sessions, the notifications that go out to them and the lifespan. `FastMCP` is the
 * public face over it; front ends (stdio, HTTP) and composition (`mount`) work with this.
 */
export class Engine implements SessionHost {
  readonly logger: ServerLogger;
  readonly registry: Registry;
  readonly methods: ReadonlyMap<string, MethodHandler>;
  /** The server-wide rate limit on tool calls, if any. */
  readonly rateLimiter: RateLimiter | undefined;

  private readonly sessions = new Set<Session>();
  private readonly observers = new Set<(event: ServerEvent) => void>();
  /** What every context of this server shares; made once so a request allocates only its context. */
  private readonly scope: ContextScope;
  private readonly pendingListChanges = new Set<ListChanged>();
  private started: Promise<void> | undefined;
  private shutdown: (() => MaybePromise<void>) | undefined;

  constructor(readonly options: FastMCPOptions) {
    this.logger = new ServerLogger(options.name, options.logLevel, options.logSink);
    this.rateLimiter = options.rateLimit ? new RateLimiter(options.rateLimit) : undefined;
    this.registry = new Registry((list) => this.listChanged(list));
    this.scope = {
      loggerName: options.name,
      readResource: (uri, context) => this.registry.readResource(uri, context),
    };
    this.methods = createMethodTable(this);
  }

  get name(): string {
    return this.options.name;
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  /** Serves one client over a transport. */
  async connect(transport: Transport, options: ConnectOptions = {}): Promise<Session> {
    await this.start();
    const session = new Session(this, transport, options.stateless === true);
    this.sessions.add(session);
    await session.start();
    return session;
  }

  /** Runs the lifespan start hook once. */
  start(): Promise<void> {
    this.started ??= (async () => {
      const cleanup = await this.options.lifespan?.();
      if (typeof cleanup === "function") this.shutdown = cleanup;
    })();
    return this.started;
  }

  /** Disconnects every session and runs the lifespan's shutdown. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.sessions].map((session) => session.close()));
    const shutdown = this.shutdown;
    this.shutdown = undefined;
    this.started = undefined;
    await shutdown?.();
  }

  /** The `Context` a handler gets for a request. */
  createContext(call: RequestCall): Context {
    return new Context(call, this.scope);
  }

  describeInternalError(error: unknown): string {
    return describeInternalError(error, this.options.maskErrorDetails === true);
  }

  sessionClosed(session: Session): void {
    this.sessions.delete(session);
  }

  observe(observer: (event: ServerEvent) => void): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  async notifyResourceUpdated(uri: string): Promise<void> {
    this.emit({ kind: "resourceUpdated", uri });
    const subscribed = [...this.sessions].filter((session) => session.subscriptions.has(uri));
    await Promise.all(
      subscribed.map((session) => session.notify("notifications/resources/updated", { uri })),
    );
  }

  async broadcastLog(level: LoggingLevel, message: string, data?: unknown): Promise<void> {
    this.emit(data === undefined ? { kind: "log", level, message } : { kind: "log", level, message, data });
    const payload = data === undefined ? message : { message, data };
    await Promise.all([...this.sessions].map((session) => session.log(level, payload, this.name)));
  }

  /**
   * Tells observers that a client subscribed to `uri` or let it go; called for this server's own
   * clients, and by `mount` for the parent's (a proxy passes it on to the server it proxies).
   */
  subscriptionChanged(uri: string, subscribed: boolean): void {
    this.emit({ kind: "subscription", uri, subscribed });
  }

  /** The client said its roots changed (`notifications/roots/list_changed`). */
  rootsChanged(session: Session): void {
    this.emit({ kind: "rootsChanged", session });
  }

  /** Coalesces changes made in one tick into one notification per list. */
  private listChanged(method: ListChanged): void {
    this.emit({ kind: "listChanged", method });
    if (this.sessions.size === 0) return;
    const first = this.pendingListChanges.size === 0;
    this.pendingListChanges.add(method);
    if (!first) return;
    queueMicrotask(() => {
      const methods = [...this.pendingListChanges];
      this.pendingListChanges.clear();
      for (const session of this.sessions) for (const name of methods) void session.notify(name);
    });
  }

  private emit(event: ServerEvent): void {
    for (const observer of this.observers) observer(event);
  }
}

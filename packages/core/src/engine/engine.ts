import { checkOptions } from "../config/check-options.js";
import type { BusEvent, EventBus } from "../events/event-bus.js";
import { MemoryEventBus } from "../events/memory-event-bus.js";
import { errorHandling } from "../middleware/error-handling.js";
import type { Middleware, MiddlewareNotification } from "../middleware/middleware.js";
import { checkStoreFailure, rateLimit } from "../middleware/rate-limit.js";
import { requestLogging } from "../middleware/request-logging.js";
import type { Transport } from "../protocol/transport.js";
import type { LoggingLevel } from "../protocol/types.js";
import { checkTimeout } from "../server/check-timeout.js";
import { Context, type ContextScope } from "../server/context.js";
import { sessionScope } from "../server/state-scope.js";
import { StateStore } from "../server/state-store.js";
import { type ComponentFilter, Visibility } from "../server/visibility.js";
import { MemoryStore } from "../store/memory-store.js";
import type { KeyValueStore, RateLimitStore } from "../store/store.js";
import { describeInternalError } from "./error-masking.js";
import { startedLifespan } from "./lifespan.js";
import { DEFAULT_MAX_LISTENS, ListenStreams } from "./listen-streams.js";
import { createMethodTable } from "./method-table.js";
import { chainMethod, chainNotification } from "./middleware-chain.js";
import { createModernMethodTable } from "./modern-methods.js";
import { withInputRounds } from "./multi-round.js";
import { checkPageSize, DEFAULT_PAGE_SIZE } from "./paginate.js";
import { type ListChanged, Registry } from "./registry.js";
import { ServerLogger } from "./request-log.js";
import { checkStateSecrets, RequestStateSealer } from "./request-state.js";
import type { ServerEvent } from "./server-event.js";
import { type FastMCPOptions, type MaybePromise, SERVER_OPTION_KEYS } from "./server-options.js";
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
  readonly pageSize: number;
  /** What is shown: the tag filter, `enable`/`disable`, and each session's view. */
  readonly visibility: Visibility;
  /** The methods with the middleware chain around them; rebuilt when middleware is added. */
  methods: ReadonlyMap<string, MethodHandler> = new Map();
  /** The 2026-07-28 methods, over `methods` (so through the same chain); rebuilt with it. */
  modernMethods: ReadonlyMap<string, MethodHandler> = new Map();
  notifications: ((notification: MiddlewareNotification) => Promise<void>) | undefined;
  /** Tool calls, reads and prompts of a parent that mounts this server, through this server's own middleware. */
  private mountedMethods: ReadonlyMap<string, MethodHandler> = new Map();
  private readonly middleware: Middleware[] = [];
  private readonly errorHandling: Middleware;
  private readonly requestLogging: Middleware | undefined;
  /** The `rateLimit` options as middleware, made once some limit is set (its buckets live in it). */
  private optionLimits: Middleware | undefined;
  /** Where list changes and resource updates go out, to this replica's clients and the others'. */
  readonly eventBus: EventBus;
  /** The open 2026 `subscriptions/listen` streams. */
  readonly listens: ListenStreams;

  private readonly sessions = new Set<Session>();
  private readonly observers = new Set<(event: ServerEvent) => void>();
  /** What every context of this server shares; made once so a request allocates only its context. */
  readonly scope: ContextScope;
  private lifespanValue: unknown;
  private readonly pendingListChanges = new Set<ListChanged>();
  private started: Promise<void> | undefined;
  private shutdown: (() => MaybePromise<void>) | undefined;
  private readonly stateSecrets: readonly string[];
  private sealer: RequestStateSealer | undefined;

  constructor(readonly options: FastMCPOptions) {
    checkOptions("server", options, SERVER_OPTION_KEYS);
    checkTimeout("toolTimeoutMs", options.toolTimeoutMs);
    checkStoreFailure("rateLimitFailure", options.rateLimitFailure);
    this.pageSize = checkPageSize(options.pageSize ?? DEFAULT_PAGE_SIZE);
    this.logger = new ServerLogger(options.name, options.logLevel, options.logSink);
    this.errorHandling = errorHandling({ logger: this.logger, mask: options.maskErrorDetails === true });
    this.requestLogging = this.logger.enabled("info") ? requestLogging(this.logger) : undefined;
    this.registry = new Registry((list) => this.listChanged(list));
    this.visibility = new Visibility(options);
    const engine = this;
    const state = new StateStore(options.store ?? new MemoryStore(), options.name, options.state);
    this.stateSecrets = checkStateSecrets(options.requestStateKey);
    this.scope = {
      state,
      loggerName: options.name,
      readResource: (uri, context) => this.registry.readResource(uri, context),
      get lifespan() {
        return engine.lifespanValue;
      },
    };
    this.listens = new ListenStreams(options.maxListenStreams ?? DEFAULT_MAX_LISTENS);
    this.eventBus = options.eventBus ?? new MemoryEventBus();
    this.eventBus.subscribe((event) => this.delivered(event));
    if (options.rateLimit !== undefined) this.optionLimits = this.limitsFromOptions();
    this.rebuild();
  }

  /** Adds middleware after what is already there (see `FastMCP.use`). */
  use(middleware: readonly Middleware[]): void {
    this.middleware.push(...middleware);
    this.rebuild();
  }

  /**
   * Serves a tool call, read or prompt of a parent that mounted this server, through this
   * server's own middleware and rate limits (the parent's chain, with its error handling and
   * request log, is already around it). `context` is the parent's, entered into this server.
   */
  callMounted(
    method: "tools/call" | "resources/read" | "prompts/get",
    params: Record<string, unknown>,
    context: Context,
  ) {
    const handler = this.mountedMethods.get(method) as MethodHandler;
    // The call is only used to make a context, and one is given.
    return handler(params, undefined as never, context);
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
      const { value, shutdown } = startedLifespan(await this.options.lifespan?.());
      this.lifespanValue = value;
      this.shutdown = shutdown;
    })();
    return this.started;
  }

  /** Disconnects every session and runs the lifespan's shutdown. */
  async close(): Promise<void> {
    await this.listens.closeAll();
    await Promise.allSettled([...this.sessions].map((session) => session.close()));
    const shutdown = this.shutdown;
    this.shutdown = undefined;
    this.started = undefined;
    this.lifespanValue = undefined;
    await shutdown?.();
  }

  /** Shows (`show` true) or hides the components `filter` names, for every client. */
  setVisible(show: boolean, filter: ComponentFilter): void {
    for (const list of this.visibility.rules.add(show, filter)) this.listChanged(list);
  }

  /** The `Context` a handler gets for a request. */
  createContext(call: RequestCall): Context {
    return new Context(call, this.scope);
  }

  requestState(): RequestStateSealer {
    if (!this.sealer) {
      if (this.stateSecrets.length === 0) {
        this.logger.log(
          "warning",
          "no requestStateKey: multi round-trip state is sealed with a random key of this process; replicas need a shared key (MCPKIT_REQUEST_STATE_KEY)",
        );
      }
      this.sealer = new RequestStateSealer(this.stateSecrets);
    }
    return this.sealer;
  }

  describeInternalError(error: unknown): string {
    return describeInternalError(error, this.options.maskErrorDetails === true);
  }

  sessionClosed(session: Session): void {
    this.sessions.delete(session);
    if (session.stateless) return;
    this.scope.state
      .clear(sessionScope(session))
      .catch((error: unknown) => this.logger.error("session state not cleared", error));
  }

  observe(observer: (event: ServerEvent) => void): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  async notifyResourceUpdated(uri: string): Promise<void> {
    this.emit({ kind: "resourceUpdated", uri });
    await this.eventBus.publish({ kind: "resourceUpdated", uri });
  }

  async broadcastLog(level: LoggingLevel, message: string, data?: unknown): Promise<void> {
    this.emit(data === undefined ? { kind: "log", level, message } : { kind: "log", level, message, data });
    const payload = data === undefined ? message : { message, data };
    // Only 2025 sessions: a 2026 client gets log messages only for a request that asked for them.
    const sessions = [...this.sessions].filter((session) => session.initialized);
    await Promise.all(sessions.map((session) => session.log(level, payload, this.name)));
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

  /**
   * The chain, outermost first: error handling, the request log, the middleware added with
   * `use` in order, then the `rateLimit` options' limits; built once here, not per request.
   */
  private rebuild(): void {
    const inner = this.optionLimits ? [...this.middleware, this.optionLimits] : this.middleware;
    const outer = [this.errorHandling, ...(this.requestLogging ? [this.requestLogging] : []), ...inner];
    const contextFor = (call: RequestCall) => this.createContext(call);
    this.methods = createMethodTable(this, (method, base) => chainMethod(method, outer, base, contextFor));
    // Rounds go outside the chain: a bad state or inputResponses is refused before any hook runs.
    this.modernMethods = createModernMethodTable(
      this,
      withInputRounds(this, this.methods),
      this.listens.handler,
    );
    this.mountedMethods = createMethodTable(this, (method, base) =>
      chainMethod(method, inner, base, contextFor),
    );
    this.notifications = chainNotification(outer, ({ method, params, session }) =>
      (session as Session).handleNotification({ jsonrpc: "2.0", method, params }),
    );
  }

  private limitsFromOptions(): Middleware {
    const { rateLimit: server, name, rateLimitFailure } = this.options;
    const { store } = this.options;
    return rateLimit(
      {
        ...(server === undefined ? {} : { server }),
        // A shared store (Redis) holds the buckets too, so every replica spends from the same ones.
        ...(store !== undefined && isRateLimitStore(store) ? { store } : {}),
        // Named per server, so that two servers sharing one Redis keep their own buckets.
        keyPrefix: `ratelimit:${name}:`,
        perTool: (tool) => this.registry.getTool(tool)?.rateLimit,
        serverName: name,
        ...(rateLimitFailure === undefined ? {} : { storeFailure: rateLimitFailure }),
      },
      this.logger,
    );
  }

  /** Coalesces changes made in one tick into one published event per list. */
  private listChanged(method: ListChanged): void {
    if (this.optionLimits === undefined && this.registry.hasRateLimitedTools) {
      this.optionLimits = this.limitsFromOptions();
      this.rebuild();
    }
    this.emit({ kind: "listChanged", method });
    const first = this.pendingListChanges.size === 0;
    this.pendingListChanges.add(method);
    if (!first) return;
    queueMicrotask(() => {
      const methods = [...this.pendingListChanges];
      this.pendingListChanges.clear();
      for (const name of methods) this.publish({ kind: "listChanged", method: name });
    });
  }

  /**
   * An event from the bus (this replica's or another's): to the 2025 sessions that get it (all
   * initialized ones for list changes, the subscribed ones for an update), and the listen streams.
   */
  private delivered(event: BusEvent): void {
    for (const session of this.sessions) {
      if (!session.initialized) continue;
      if (event.kind === "listChanged") void session.notify(event.method);
      else if (session.subscriptions.has(event.uri))
        void session.notify("notifications/resources/updated", { uri: event.uri });
    }
    this.listens.deliver(event);
  }

  /** Publishes on the bus; a shared bus that is down loses the event, logged, and serving goes on. */
  private publish(event: BusEvent): void {
    this.eventBus.publish(event).catch((error: unknown) => this.logger.error("event not published", error));
  }

  private emit(event: ServerEvent): void {
    for (const observer of this.observers) observer(event);
  }
}

function isRateLimitStore(store: KeyValueStore): store is KeyValueStore & RateLimitStore {
  return typeof (store as Partial<RateLimitStore>).take === "function";
}

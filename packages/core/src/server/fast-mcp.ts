import type { z } from "zod";
import type { Client } from "../client/client.js";
import { mountServer } from "../compose/mount.js";
import { type ProxyOptions, proxyClient } from "../compose/proxy.js";
import { resourceNotFound } from "../errors.js";
import { createOpenAPIServer, type OpenAPIServerOptions } from "../openapi/from-openapi.js";
import type { OpenAPIDocument } from "../openapi/operations.js";
import type { InputShape } from "../protocol/schema.js";
import type { Transport } from "../protocol/transport.js";
import type { Icon, LoggingLevel, ReadResourceResult, Tool } from "../protocol/types.js";
import { Context } from "./context.js";
import { createMethodTable } from "./method-table.js";
import { type PromptArgs, type PromptHandler, type PromptOptions, RegisteredPrompt } from "./prompts.js";
import { RateLimiter, type RateLimitSpec } from "./rate-limit.js";
import { type LogSink, ServerLogger, type ServerLogLevel } from "./request-log.js";
import { RegisteredResource, type ResourceHandler, type ResourceOptions } from "./resources.js";
import type { RunningServer, RunOptions } from "./run-options.js";
import { type MethodHandler, type RequestCall, Session, type SessionHost } from "./session.js";
import { RegisteredTool, type ToolHandler, type ToolOptions } from "./tools.js";

type MaybePromise<T> = T | Promise<T>;

/** A server-wide notification, as seen by `observe` (used by `mount` to stay live). */
export type ServerEvent =
  | { kind: "listChanged"; method: string }
  | { kind: "resourceUpdated"; uri: string }
  | { kind: "log"; level: LoggingLevel; message: string; data?: unknown }
  | { kind: "rootsChanged"; session: Session }
  | { kind: "subscription"; uri: string; subscribed: boolean };

export interface FastMCPOptions {
  name: string;
  version?: string;
  title?: string;
  websiteUrl?: string;
  icons?: Icon[];
  /** Sent to clients in `initialize`: how and when to use this server. */
  instructions?: string;
  /** Hide unexpected errors' messages from clients (they still go to stderr). `ToolError`s always show. */
  maskErrorDetails?: boolean;
  /** The server's own stderr log; one JSON line per request at "info". Defaults to "info". */
  logLevel?: ServerLogLevel;
  /** Where log lines go instead of stderr (tests, custom shippers). */
  logSink?: LogSink;
  /** Tool calls allowed across the whole server, e.g. "100/hour". */
  rateLimit?: RateLimitSpec;
  /** Runs before the first request is served; the function it returns runs on shutdown. */
  lifespan?: () => MaybePromise<(() => MaybePromise<void>) | undefined | void>;
}

/**
 * An MCP server in the style of Python's FastMCP: declare tools, resources and prompts with zod
 * schemas, then `run()` it on stdio or HTTP. Handler arguments are typed from the schemas.
 *
 * @example
 * const mcp = new FastMCP({ name: "demo", version: "1.0.0" });
 * mcp.tool({ name: "add", input: { a: z.number(), b: z.number() } }, ({ a, b }) => a + b);
 * await mcp.run();
 */
export class FastMCP implements SessionHost {
  readonly options: FastMCPOptions;
  readonly logger: ServerLogger;
  readonly methods: ReadonlyMap<string, MethodHandler>;

  private readonly tools = new Map<string, RegisteredTool>();
  private readonly resources = new Map<string, RegisteredResource>();
  private readonly prompts = new Map<string, RegisteredPrompt>();
  private readonly sessions = new Set<Session>();
  private readonly observers = new Set<(event: ServerEvent) => void>();
  private readonly serverLimiter: RateLimiter | undefined;
  private toolList: Tool[] | undefined;
  private pendingListChanges = new Set<string>();
  private started: Promise<void> | undefined;
  private shutdown: (() => MaybePromise<void>) | undefined;

  constructor(options: FastMCPOptions) {
    this.options = options;
    this.logger = new ServerLogger(options.name, options.logLevel, options.logSink);
    this.serverLimiter = options.rateLimit ? new RateLimiter(options.rateLimit) : undefined;
    this.methods = createMethodTable(this);
  }

  get name(): string {
    return this.options.name;
  }

  /** Sessions currently connected (one for stdio, one per client for stateful HTTP). */
  get sessionCount(): number {
    return this.sessions.size;
  }

  /**
   * Adds a tool. Its handler gets the validated arguments, typed from `input`, and a `Context`.
   *
   * @example
   * mcp.tool(
   *   { name: "get_weather", description: "Current weather for a city.", input: { city: z.string() } },
   *   async ({ city }, ctx) => lookup(city),
   * );
   */
  tool<I extends InputShape | undefined = undefined, O extends z.ZodType | undefined = undefined>(
    options: ToolOptions<I, O>,
    handler: ToolHandler<I, O>,
  ): RegisteredTool {
    if (this.tools.has(options.name))
      throw new TypeError(`A tool named "${options.name}" is already registered`);
    const tool = new RegisteredTool(
      options as ToolOptions<InputShape | undefined, z.ZodType | undefined>,
      handler as (args: never, context: Context) => unknown,
      (changed, removed) => {
        if (removed && this.tools.get(changed.name) === changed) this.tools.delete(changed.name);
        this.toolsChanged();
      },
    );
    this.tools.set(tool.name, tool);
    this.toolsChanged();
    return tool;
  }

  /** The registered tool with this name, enabled or not. */
  getTool(name: string): RegisteredTool | undefined {
    return this.tools.get(name);
  }

  removeTool(name: string): boolean {
    const tool = this.tools.get(name);
    tool?.remove();
    return tool !== undefined;
  }

  /**
   * Adds a resource at a fixed URI, or a template when the URI has `{variables}` (RFC 6570:
   * `{city}`, `{+path}`). The handler gets the variables, typed from the template.
   *
   * @example
   * mcp.resource("weather://{city}/forecast", { description: "3-day forecast" }, ({ city }) => forecast(city));
   */
  resource<U extends string>(
    uri: U,
    options: ResourceOptions,
    handler: ResourceHandler<U>,
  ): RegisteredResource {
    if (this.resources.has(uri)) throw new TypeError(`A resource "${uri}" is already registered`);
    const resource = new RegisteredResource(
      uri,
      options,
      handler as (params: Record<string, string>, context: Context) => unknown,
      () => {
        if (this.resources.get(uri) === resource) this.resources.delete(uri);
        this.listChanged("notifications/resources/list_changed");
      },
    );
    this.resources.set(uri, resource);
    this.listChanged("notifications/resources/list_changed");
    return resource;
  }

  /**
   * Adds a prompt. Arguments arrive as strings; declare them as zod schemas over strings.
   *
   * @example
   * mcp.prompt({ name: "plan_trip", args: { city: z.string() } }, ({ city }) => `Plan three days in ${city}.`);
   */
  prompt<A extends PromptArgs | undefined = undefined>(
    options: PromptOptions<A>,
    handler: PromptHandler<A>,
  ): RegisteredPrompt {
    const { name } = options;
    if (this.prompts.has(name)) throw new TypeError(`A prompt named "${name}" is already registered`);
    const prompt = new RegisteredPrompt(
      options as PromptOptions<PromptArgs | undefined>,
      handler as (args: never, context: Context) => ReturnType<PromptHandler<A>>,
      () => {
        if (this.prompts.get(name) === prompt) this.prompts.delete(name);
        this.listChanged("notifications/prompts/list_changed");
      },
    );
    this.prompts.set(name, prompt);
    this.listChanged("notifications/prompts/list_changed");
    return prompt;
  }

  /** Tells every client subscribed to `uri` that it changed (`notifications/resources/updated`). */
  async notifyResourceUpdated(uri: string): Promise<void> {
    this.emit({ kind: "resourceUpdated", uri });
    const subscribed = [...this.sessions].filter((session) => session.subscriptions.has(uri));
    await Promise.all(
      subscribed.map((session) => session.notify("notifications/resources/updated", { uri })),
    );
  }

  /** Sends a log message to every connected client, outside any request. */
  async broadcastLog(level: LoggingLevel, message: string, data?: unknown): Promise<void> {
    this.emit(data === undefined ? { kind: "log", level, message } : { kind: "log", level, message, data });
    const payload = data === undefined ? message : { message, data };
    await Promise.all([...this.sessions].map((session) => session.log(level, payload, this.name)));
  }

  /** Everything registered, enabled or not: for composition and introspection. */
  components(): { tools: RegisteredTool[]; resources: RegisteredResource[]; prompts: RegisteredPrompt[] } {
    return {
      tools: [...this.tools.values()],
      resources: [...this.resources.values()],
      prompts: [...this.prompts.values()],
    };
  }

  /**
   * Calls `observer` with every server-wide notification (list changes, resource updates,
   * broadcast logs), even when no client is connected. Returns the function that stops it.
   */
  observe(observer: (event: ServerEvent) => void): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  /**
   * Serves another server's tools, resources and prompts from this one, live: tools and prompts
   * as `prefix_name`, resources with the prefix as their URI's first path segment
   * (`weather://{city}/forecast` -> `weather://prefix/{city}/forecast`). The mounted handlers get
   * a `Context` on this server's session, so logging, progress and sampling reach the client.
   *
   * @example
   * const app = new FastMCP({ name: "all" });
   * app.mount("weather", createWeatherServer(deps)); // tool get_forecast -> weather_get_forecast
   */
  mount(prefix: string, server: FastMCP): this {
    mountServer(this, prefix, server);
    return this;
  }

  /**
   * A server that exposes what a connected `Client` offers (any MCP server: a spawned command, a
   * URL), kept in sync with its list changes, with logs and progress forwarded. `createProxy`
   * also forwards the server's sampling, elicitation and roots requests to the client.
   *
   * @example
   * const proxy = await FastMCP.fromClient(await Client.connect("https://example.com/mcp"));
   * await proxy.run(); // the remote server, bridged to stdio
   */
  static fromClient(client: Client, options: ProxyOptions = {}): Promise<FastMCP> {
    return proxyClient(client, options);
  }

  /**
   * A server whose tools and resources are an OpenAPI 3.0/3.1 API's operations: tools with input
   * schemas from the parameters and JSON body, GET operations as resources or templates by default.
   *
   * @example
   * const mcp = FastMCP.fromOpenAPI(petstoreDocument, { baseUrl: "https://petstore.example.com/v1" });
   */
  static fromOpenAPI(document: OpenAPIDocument, options: OpenAPIServerOptions = {}): FastMCP {
    return createOpenAPIServer((serverOptions) => new FastMCP(serverOptions), document, options);
  }

  /** Serves one client over a transport; most callers use `run()` or `Client.connect(server)`. */
  async connect(transport: Transport): Promise<Session> {
    await this.start();
    const session = new Session(this, transport);
    this.sessions.add(session);
    await session.start();
    return session;
  }

  /**
   * Serves the server: stdio by default, or Streamable HTTP (`{ transport: "http" }`) or legacy
   * SSE (`{ transport: "sse" }`). Resolves once serving; `close()` on the result stops it.
   */
  async run(options: RunOptions = {}): Promise<RunningServer> {
    if (options.transport === undefined || options.transport === "stdio") {
      const { serveStdio } = await import("../transports/stdio-server.js");
      return serveStdio(this);
    }
    const { serveHttp } = await import("../http/serve-http.js");
    return serveHttp(this, options as Extract<RunOptions, { transport: "http" | "sse" }>);
  }

  /** Runs the lifespan start hook once; `connect` and `run` call it for you. */
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

  /** Reads a resource by URI, as `resources/read` would; used by `ctx.readResource`. */
  async readResource(uri: string, context: Context): Promise<ReadResourceResult> {
    const exact = this.resources.get(uri);
    if (exact && !exact.isTemplate) return exact.read(uri, {}, context);
    for (const resource of this.resources.values()) {
      if (!resource.isTemplate) continue;
      const params = resource.match(uri);
      if (params) return resource.read(uri, params, context);
    }
    throw resourceNotFound(uri);
  }

  describeInternalError(error: unknown): string {
    if (this.options.maskErrorDetails || !(error instanceof Error)) return "Internal error";
    return error.message;
  }

  /**
   * Tells observers that a client subscribed to `uri` or let it go; called for this server's own
   * clients, and by `mount` for the parent's (a proxy passes it on to the server it proxies).
   */
  subscriptionChanged(uri: string, subscribed: boolean): void {
    this.emit({ kind: "subscription", uri, subscribed });
  }

  rootsChanged(session: Session): void {
    this.emit({ kind: "rootsChanged", session });
  }

  sessionClosed(session: Session): void {
    this.sessions.delete(session);
  }

  /** The enabled tools' definitions, as `tools/list` sends them; computed once per change. */
  toolDefinitions(): Tool[] {
    this.toolList ??= [...this.tools.values()].filter((tool) => tool.enabled).map((tool) => tool.definition);
    return this.toolList;
  }

  getPrompt(name: string): RegisteredPrompt | undefined {
    return this.prompts.get(name);
  }

  /** The resource or template registered under exactly this URI (or URI template). */
  getResource(uri: string): RegisteredResource | undefined {
    return this.resources.get(uri);
  }

  /** Takes one call from the server-wide rate limit: 0 when allowed, else milliseconds to wait. */
  takeServerCall(): number {
    return this.serverLimiter?.take() ?? 0;
  }

  /** The `Context` a handler gets for a request; used by the protocol methods. */
  createContext(call: RequestCall): Context {
    const meta = call.request.params?._meta as { progressToken?: string | number } | undefined;
    return new Context(
      call.session,
      call.request.id,
      call,
      meta?.progressToken,
      call.extra?.authInfo,
      (uri, context) => this.readResource(uri, context),
      this.name,
    );
  }

  private toolsChanged(): void {
    this.toolList = undefined;
    this.listChanged("notifications/tools/list_changed");
  }

  /** Coalesces changes made in one tick into one notification per list. */
  private listChanged(method: string): void {
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

import type { z } from "zod";
import type { AnyTools, ToolTypes, WithTool } from "../client/tool-types.js";
import type { FromConfigOptions, McpServersConfig } from "../compose/mcp-servers-config.js";
import { type MountOptions, mountServer } from "../compose/mount.js";
import { Engine } from "../engine/engine.js";
import type { LifespanValue } from "../engine/lifespan.js";
import type { ServerLogger } from "../engine/request-log.js";
import type { RunningServer } from "../engine/running-server.js";
import { ENGINE, type Servable } from "../engine/servable.js";
import type { ServerEvent } from "../engine/server-event.js";
import type { FastMCPOptions } from "../engine/server-options.js";
import type { Session } from "../engine/session.js";
import type { Middleware } from "../middleware/middleware.js";
import { type OpenAPIServerOptions, openAPIServerOptions, registerOpenAPI } from "../openapi/from-openapi.js";
import type { OpenAPIDocument } from "../openapi/operations.js";
import type { InputShape } from "../protocol/schema.js";
import type { Transport } from "../protocol/transport.js";
import type { LoggingLevel, ReadResourceResult } from "../protocol/types.js";
import type { Context } from "../server/context.js";
import type { PromptArgs, PromptHandler, PromptOptions, RegisteredPrompt } from "../server/prompts.js";
import type { RegisteredResource, ResourceHandler, ResourceOptions } from "../server/resources.js";
import type { RegisteredTool, ToolHandler, ToolOptions } from "../server/tools.js";
import type { ComponentFilter } from "../server/visibility.js";
import { checkRunOptions, type RunOptions } from "./run-options.js";

/**
 * An MCP server in the style of Python's FastMCP: declare tools, resources and prompts with zod
 * schemas, then `run()` it on stdio or HTTP. Handler arguments are typed from the schemas.
 *
 * @example
 * const mcp = new FastMCP({ name: "demo", version: "1.0.0" });
 * mcp.tool({ name: "add", input: { a: z.number(), b: z.number() } }, ({ a, b }) => a + b);
 * await mcp.run();
 *
 * `L` is what `lifespan` returns; handlers see it, typed, as `ctx.lifespan`.
 */
export class FastMCP<L = unknown, T extends ToolTypes = AnyTools> implements Servable {
  /** The engine that serves this server, for front ends and composition; not part of the API. */
  readonly [ENGINE]: Engine;
  /** The tools' types, for a typed `Client` (see `addTool`); a type only, never set. */
  declare readonly "~tools"?: T;

  constructor(options: FastMCPOptions<L>) {
    this[ENGINE] = new Engine(options);
  }

  get options(): FastMCPOptions<L> {
    return this[ENGINE].options as FastMCPOptions<L>;
  }

  get name(): string {
    return this[ENGINE].name;
  }

  /** The server's own stderr log (one JSON line per request at "info"). */
  get logger(): ServerLogger {
    return this[ENGINE].logger;
  }

  /** Sessions currently connected (one for stdio, one per client for stateful HTTP). */
  get sessionCount(): number {
    return this[ENGINE].sessionCount;
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
    handler: ToolHandler<I, O, LifespanValue<L>>,
  ): RegisteredTool {
    return this[ENGINE].registry.tool(options, handler as ToolHandler<I, O>);
  }

  /**
   * Adds middleware around this server's requests (and, for tool calls, resource reads and
   * prompts, around those of servers mounted into it). The first added is the outermost; see
   * `Middleware` and the shipped `rateLimit`, `responseCache` and `retry`.
   *
   * @example
   * mcp.use(rateLimit({ perPrincipal: "60/minute" }), responseCache({ ttlMs: 30_000 }));
   */
  use(...middleware: Middleware[]): this {
    this[ENGINE].use(middleware);
    return this;
  }

  /**
   * Adds a tool like `tool()`, and returns this server typed with it, so that a `Client`
   * connected to it in process knows the tool's name, arguments and result (tRPC-style).
   *
   * @example
   * const mcp = new FastMCP({ name: "calc" })
   *   .addTool({ name: "add", input: { a: z.number(), b: z.number() }, output: z.number() }, ({ a, b }) => a + b);
   * await using client = await Client.connect(mcp);
   * const { structuredContent } = await client.callTool("add", { a: 1, b: 2 }); // { result: number } | undefined
   */
  addTool<
    const N extends string,
    I extends InputShape | undefined = undefined,
    O extends z.ZodType | undefined = undefined,
  >(
    options: ToolOptions<I, O> & { name: N },
    handler: ToolHandler<I, O, LifespanValue<L>>,
  ): FastMCP<L, WithTool<T, N, I, O>> {
    this.tool(options, handler);
    return this as unknown as FastMCP<L, WithTool<T, N, I, O>>;
  }

  /** The registered tool with this name, enabled or not. */
  getTool(name: string): RegisteredTool | undefined {
    return this[ENGINE].registry.getTool(name);
  }

  /** Removes the tool with this name; false when there is none. */
  removeTool(name: string): boolean {
    const tool = this.getTool(name);
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
    handler: ResourceHandler<U, LifespanValue<L>>,
  ): RegisteredResource {
    return this[ENGINE].registry.resource(uri, options, handler as ResourceHandler<U>);
  }

  /**
   * Adds a prompt. Arguments arrive as strings; declare them as zod schemas over strings.
   *
   * @example
   * mcp.prompt({ name: "plan_trip", args: { city: z.string() } }, ({ city }) => `Plan three days in ${city}.`);
   */
  prompt<A extends PromptArgs | undefined = undefined>(
    options: PromptOptions<A>,
    handler: PromptHandler<A, LifespanValue<L>>,
  ): RegisteredPrompt {
    return this[ENGINE].registry.prompt(options, handler as PromptHandler<A>);
  }

  /**
   * Shows the components `filter` names to every client again (after `disable`, or past a
   * `disable({})` that hid everything); clients get `list_changed`. Rules apply in order, the
   * last match winning; `includeTags`/`excludeTags` still apply.
   *
   * @example
   * mcp.disable({});
   * mcp.enable({ tags: ["public"] }); // only what is tagged public is served
   */
  enable(filter: ComponentFilter): this {
    this[ENGINE].setVisible(true, filter);
    return this;
  }

  /**
   * Hides the components `filter` names from every client, by name or tag: they leave the lists
   * (clients get `list_changed`) and calling, reading or getting one answers as for an unknown name.
   *
   * @example
   * mcp.disable({ tags: ["admin"] });
   */
  disable(filter: ComponentFilter): this {
    this[ENGINE].setVisible(false, filter);
    return this;
  }

  /** Tells every client subscribed to `uri` that it changed (`notifications/resources/updated`). */
  notifyResourceUpdated(uri: string): Promise<void> {
    return this[ENGINE].notifyResourceUpdated(uri);
  }

  /** Sends a log message to every connected client, outside any request. */
  broadcastLog(level: LoggingLevel, message: string, data?: unknown): Promise<void> {
    return this[ENGINE].broadcastLog(level, message, data);
  }

  /** Everything registered, enabled or not: for composition and introspection. */
  components(): { tools: RegisteredTool[]; resources: RegisteredResource[]; prompts: RegisteredPrompt[] } {
    return this[ENGINE].registry.components();
  }

  /**
   * Calls `observer` with every server-wide notification (list changes, resource updates,
   * broadcast logs, roots changes, subscriptions), even when no client is connected. Returns the
   * function that stops it.
   */
  observe(observer: (event: ServerEvent) => void): () => void {
    return this[ENGINE].observe(observer);
  }

  /** Reads one of this server's resources by URI, as `resources/read` would. */
  readResource(uri: string, context: Context): Promise<ReadResourceResult> {
    return this[ENGINE].registry.readResource(uri, context);
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
   * app.mount("geo", geo, { transforms: { lookup: { name: "find_place" } } }); // -> geo_find_place
   */
  mount(prefix: string, server: FastMCP, options?: MountOptions): this {
    mountServer(this[ENGINE], prefix, server[ENGINE], options);
    return this;
  }

  /**
   * A server whose tools and resources are an OpenAPI 3.0/3.1 API's operations: tools with input
   * schemas from the parameters and JSON body, GET operations as resources or templates by default.
   *
   * @example
   * const mcp = FastMCP.fromOpenAPI(petstoreDocument, { baseUrl: "https://petstore.example.com/v1" });
   */
  static fromOpenAPI(document: OpenAPIDocument, options: OpenAPIServerOptions = {}): FastMCP {
    const { server, openapi } = openAPIServerOptions(document, options);
    const mcp = new FastMCP(server);
    registerOpenAPI(mcp, document, openapi);
    return mcp;
  }

  /**
   * One server for every server of a standard `mcpServers` client config (Claude Desktop, Cursor):
   * each is started (a command over stdio) or reached (a URL) and proxied under its name as a
   * prefix, so `weather`'s `get_forecast` is `weather_get_forecast`. Closing it stops them all.
   *
   * @example
   * const mcp = await FastMCP.fromConfig({
   *   mcpServers: { weather: { command: "node", args: ["weather.js"] }, docs: { url: "http://127.0.0.1:3001/mcp" } },
   * });
   * await mcp.run();
   */
  static async fromConfig(config: McpServersConfig, options?: FromConfigOptions): Promise<FastMCP> {
    // Loaded on demand: the proxy it builds on is itself made of FastMCP servers.
    const { serveConfig } = await import("../compose/from-config.js");
    return serveConfig(config, options);
  }

  /** Serves one client over a transport; most callers use `run()` or `Client.connect(server)`. */
  connect(transport: Transport): Promise<Session> {
    return this[ENGINE].connect(transport);
  }

  /**
   * Serves the server: stdio by default, or Streamable HTTP (`{ transport: "http" }`) or legacy
   * SSE (`{ transport: "sse" }`). Resolves once serving; `close()` on the result stops it.
   */
  async run(options: RunOptions = {}): Promise<RunningServer> {
    checkRunOptions(options);
    if (options.transport === undefined || options.transport === "stdio") {
      const { serveStdio } = await import("../transports/stdio-server.js");
      return serveStdio(this[ENGINE]);
    }
    const { serveHttp } = await import("../http/serve-http.js");
    return serveHttp(this[ENGINE], options as Extract<RunOptions, { transport: "http" | "sse" }>);
  }

  /** Runs the lifespan start hook once; `connect` and `run` call it for you. */
  start(): Promise<void> {
    return this[ENGINE].start();
  }

  /** Disconnects every session and runs the lifespan's shutdown. */
  close(): Promise<void> {
    return this[ENGINE].close();
  }
}

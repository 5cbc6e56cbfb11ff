import type { z } from "zod";
import { mountServer } from "../compose/mount.js";
import { Engine } from "../engine/engine.js";
import type { ServerLogger } from "../engine/request-log.js";
import type { RunningServer } from "../engine/running-server.js";
import { ENGINE, type Servable } from "../engine/servable.js";
import type { ServerEvent } from "../engine/server-event.js";
import type { FastMCPOptions } from "../engine/server-options.js";
import type { Session } from "../engine/session.js";
import { type OpenAPIServerOptions, openAPIServerOptions, registerOpenAPI } from "../openapi/from-openapi.js";
import type { OpenAPIDocument } from "../openapi/operations.js";
import type { InputShape } from "../protocol/schema.js";
import type { Transport } from "../protocol/transport.js";
import type { LoggingLevel, ReadResourceResult } from "../protocol/types.js";
import type { Context } from "../server/context.js";
import type { PromptArgs, PromptHandler, PromptOptions, RegisteredPrompt } from "../server/prompts.js";
import type { RegisteredResource, ResourceHandler, ResourceOptions } from "../server/resources.js";
import type { RegisteredTool, ToolHandler, ToolOptions } from "../server/tools.js";
import type { RunOptions } from "./run-options.js";

/**
 * An MCP server in the style of Python's FastMCP: declare tools, resources and prompts with zod
 * schemas, then `run()` it on stdio or HTTP. Handler arguments are typed from the schemas.
 *
 * @example
 * const mcp = new FastMCP({ name: "demo", version: "1.0.0" });
 * mcp.tool({ name: "add", input: { a: z.number(), b: z.number() } }, ({ a, b }) => a + b);
 * await mcp.run();
 */
export class FastMCP implements Servable {
  /** The engine that serves this server, for front ends and composition; not part of the API. */
  readonly [ENGINE]: Engine;

  constructor(options: FastMCPOptions) {
    this[ENGINE] = new Engine(options);
  }

  get options(): FastMCPOptions {
    return this[ENGINE].options;
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
    handler: ToolHandler<I, O>,
  ): RegisteredTool {
    return this[ENGINE].registry.tool(options, handler);
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
    handler: ResourceHandler<U>,
  ): RegisteredResource {
    return this[ENGINE].registry.resource(uri, options, handler);
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
    return this[ENGINE].registry.prompt(options, handler);
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
   */
  mount(prefix: string, server: FastMCP): this {
    mountServer(this[ENGINE], prefix, server[ENGINE]);
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

  /** Serves one client over a transport; most callers use `run()` or `Client.connect(server)`. */
  connect(transport: Transport): Promise<Session> {
    return this[ENGINE].connect(transport);
  }

  /**
   * Serves the server: stdio by default, or Streamable HTTP (`{ transport: "http" }`) or legacy
   * SSE (`{ transport: "sse" }`). Resolves once serving; `close()` on the result stops it.
   */
  async run(options: RunOptions = {}): Promise<RunningServer> {
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

import { z } from "zod";
import { McpError, ToolError } from "../errors.js";
import { logsAt, type RequestEnvelope } from "../protocol/envelope.js";
import { ErrorCode, type JsonRpcRequest, type RequestId } from "../protocol/messages.js";
import { describeIssues } from "../protocol/schema.js";
import type { AuthInfo, MessageExtra } from "../protocol/transport.js";
import type {
  ClientCapabilities,
  CreateMessageRequest,
  CreateMessageResult,
  Implementation,
  LoggingLevel,
  ModelPreferences,
  ReadResourceResult,
  Root,
  SamplingMessage,
} from "../protocol/types.js";
import { incomingTraceContext } from "../tracing/trace-context.js";
import type { ClientConnection } from "./client-connection.js";
import type { InputMethod, InputRound } from "./input-round.js";
import { stateScope } from "./state-scope.js";
import { SessionState, type StateStore } from "./state-store.js";
import { type ComponentFilter, sessionView } from "./visibility.js";

export interface SampleOptions {
  systemPrompt?: string;
  /** Defaults to 1024. */
  maxTokens?: number;
  temperature?: number;
  stopSequences?: string[];
  /** Model names to hint at, or full preferences. */
  modelPreferences?: string | string[] | ModelPreferences;
  includeContext?: CreateMessageRequest["includeContext"];
  /** This ask's key in a 2026 `input_required` result; one is made if absent. */
  key?: string;
}

/** Where an ask is named on the 2026 era. */
export interface AskOptions {
  /** This ask's key in the `input_required` result's `inputRequests`; one is made if absent. */
  key?: string;
}

export interface SampleResult {
  /** The text of the reply (its text parts joined), "" when the reply has none. */
  text: string;
  result: CreateMessageResult;
}

export type ElicitOutcome<T> =
  | { action: "accept"; content: T }
  | { action: "decline" | "cancel"; content?: undefined };

/** Reads one of this server's resources; provided by the server that owns the context. */
export type ResourceReader = (uri: string, context: Context) => Promise<ReadResourceResult>;

/** The request a context serves, as the engine tracks it (its signal is made on first use). */
export interface ContextCall {
  readonly session: ClientConnection;
  readonly request: JsonRpcRequest;
  /** Aborted when the client cancels the request or disconnects. */
  readonly signal: AbortSignal;
  readonly extra: MessageExtra | undefined;
  /** A 2026-07-28 request's `_meta` envelope; undefined on a 2025 session. */
  readonly envelope?: RequestEnvelope | undefined;
  /** On a 2026 request: where asks go instead of server-to-client requests. */
  readonly inputRound?: InputRound | undefined;
}

/** What a context takes from the server that serves it; made once per server, not per request. */
export interface ContextScope {
  /** The server's name, on the log messages its handlers send. */
  readonly loggerName: string;
  readonly readResource: ResourceReader;
  /** What the server's `lifespan` returned, once started. */
  readonly lifespan: unknown;
  readonly state: StateStore;
}

/**
 * What a tool, resource or prompt handler can do beyond computing its result: log to the client,
 * report progress, ask the client's model (sampling) or user (elicitation), read roots and the
 * server's own resources, and notice cancellation through `signal`.
 *
 * @example
 * mcp.tool({ name: "import", input: { url: z.string() } }, async ({ url }, ctx) => {
 *   await ctx.info(`Importing ${url}`);
 *   await ctx.reportProgress(50, 100);
 *   if (ctx.signal.aborted) return "stopped";
 * });
 */
export class Context<L = unknown> {
  /**
   * Made by the engine for each request; handlers receive it, they do not construct it. Two
   * arguments the engine already holds, so that a call allocates nothing more than the context.
   */
  constructor(
    private readonly call: ContextCall,
    private readonly scope: ContextScope,
  ) {}

  /** The connection this request arrived on; low-level (proxies forward raw messages through it). */
  get session(): ClientConnection {
    return this.call.session;
  }

  /** The id of the request being served. */
  get requestId(): RequestId {
    return this.call.request.id;
  }

  /**
   * What the server's `lifespan` returned (a pool, a client), typed from it.
   *
   * @example
   * const mcp = new FastMCP({ name: "db", lifespan: async () => ({ pool: await connect() }) });
   * mcp.tool({ name: "count_rows" }, (_args, ctx) => ctx.lifespan.pool.count());
   */
  get lifespan(): L {
    return this.scope.lifespan as L;
  }

  /**
   * Values kept across this client's calls: JSON under string keys, for its session, or for
   * its principal when the request is authenticated. Backed by the server's `store`.
   *
   * @example
   * await ctx.state.set("cart", [...((await ctx.state.get<string[]>("cart")) ?? []), item]);
   */
  get state(): SessionState {
    return new SessionState(this.scope.state, () => stateScope(this.session, this.auth));
  }

  /** The identity an HTTP transport's authentication verified, if any. */
  get auth(): AuthInfo | undefined {
    return this.call.extra?.authInfo;
  }

  /** Aborted when the client cancels the request or disconnects. */
  get signal(): AbortSignal {
    return this.call.signal;
  }

  /**
   * The W3C `traceparent` the request arrived with (its `_meta`, else the HTTP header), to pass on
   * to a service the handler calls; the server's own span for the request is already its child.
   */
  get traceparent(): string | undefined {
    return incomingTraceContext(this.call.request, this.call.extra)?.traceparent;
  }

  /** The W3C `tracestate` that came with `traceparent`, if any. */
  get tracestate(): string | undefined {
    return incomingTraceContext(this.call.request, this.call.extra)?.tracestate;
  }

  get sessionId(): string | undefined {
    return this.session.id;
  }

  /** Who the client is and what it can do: from `initialize` (2025), or this request's envelope (2026). */
  get client(): {
    info: Implementation | undefined;
    capabilities: ClientCapabilities;
    protocolVersion: string;
  } {
    const { envelope } = this.call;
    if (envelope) {
      const { clientInfo, clientCapabilities, protocolVersion } = envelope;
      return { info: clientInfo, capabilities: clientCapabilities, protocolVersion };
    }
    const { clientInfo, clientCapabilities, protocolVersion } = this.session;
    return { info: clientInfo, capabilities: clientCapabilities, protocolVersion };
  }

  /**
   * Sends a log message to the client (`notifications/message`), honouring its `logging/setLevel`
   * (2025) or the level this request set (2026, where a request without one gets no log messages).
   */
  log(level: LoggingLevel, message: string, data?: unknown): Promise<void> {
    const payload = data === undefined ? message : { message, data };
    const { envelope } = this.call;
    if (envelope && !logsAt(level, envelope.logLevel)) return Promise.resolve();
    return this.session.log(level, payload, this.scope.loggerName, this.requestId);
  }

  debug(message: string, data?: unknown): Promise<void> {
    return this.log("debug", message, data);
  }

  info(message: string, data?: unknown): Promise<void> {
    return this.log("info", message, data);
  }

  notice(message: string, data?: unknown): Promise<void> {
    return this.log("notice", message, data);
  }

  warning(message: string, data?: unknown): Promise<void> {
    return this.log("warning", message, data);
  }

  error(message: string, data?: unknown): Promise<void> {
    return this.log("error", message, data);
  }

  /** Reports progress on this request; does nothing when the client did not ask for progress. */
  async reportProgress(progress: number, total?: number, message?: string): Promise<void> {
    const meta = this.call.request.params?._meta as { progressToken?: string | number } | undefined;
    const progressToken = meta?.progressToken;
    if (progressToken === undefined) return;
    const params: Record<string, unknown> = { progressToken, progress };
    if (total !== undefined) params.total = total;
    if (message !== undefined) params.message = message;
    await this.session.notify("notifications/progress", params, this.requestId);
  }

  /**
   * Asks the client's model to generate a reply (`sampling/createMessage`).
   *
   * @example
   * const { text } = await ctx.sample(`Summarise: ${doc}`, { maxTokens: 200 });
   */
  async sample(prompt: string | SamplingMessage[], options: SampleOptions = {}): Promise<SampleResult> {
    this.require("sampling", "sampling (sampling/createMessage)");
    const messages: SamplingMessage[] =
      typeof prompt === "string" ? [{ role: "user", content: { type: "text", text: prompt } }] : prompt;
    const request: CreateMessageRequest = { messages, maxTokens: options.maxTokens ?? 1024 };
    if (options.systemPrompt !== undefined) request.systemPrompt = options.systemPrompt;
    if (options.temperature !== undefined) request.temperature = options.temperature;
    if (options.stopSequences !== undefined) request.stopSequences = options.stopSequences;
    if (options.includeContext !== undefined) request.includeContext = options.includeContext;
    if (options.modelPreferences !== undefined)
      request.modelPreferences = toModelPreferences(options.modelPreferences);
    const result = (await this.ask(
      "sampling/createMessage",
      { ...request },
      options.key,
    )) as unknown as CreateMessageResult;
    const parts = Array.isArray(result.content) ? result.content : [result.content];
    const text = parts.map((part) => (part?.type === "text" ? part.text : "")).join("");
    return { text, result };
  }

  /**
   * Asks the user for structured input (`elicitation/create`) described by a flat zod object.
   *
   * @example
   * const answer = await ctx.elicit("Which account?", z.object({ account: z.string() }));
   * if (answer.action === "accept") use(answer.content.account);
   */
  async elicit<S extends z.ZodObject>(
    message: string,
    schema: S,
    options: AskOptions = {},
  ): Promise<ElicitOutcome<z.output<S>>> {
    this.require("elicitation", "elicitation (elicitation/create)");
    const requestedSchema = formSchemaOf(schema);
    const result = await this.ask(
      "elicitation/create",
      { mode: "form", message, requestedSchema },
      options.key,
    );
    const action = result.action;
    if (action === "accept") {
      const parsed = schema.safeParse(result.content ?? {});
      if (!parsed.success)
        throw new ToolError(`The user's answer did not match the form: ${describeIssues(parsed.error)}`);
      return { action, content: parsed.data };
    }
    if (action === "decline" || action === "cancel") return { action };
    throw new McpError(
      ErrorCode.InvalidParams,
      `The client answered elicitation with an unknown action: ${String(action)}`,
    );
  }

  /** The client's roots (`roots/list`), cached until the client says they changed (2025). */
  async listRoots(options: AskOptions = {}): Promise<Root[]> {
    this.require("roots", "roots (roots/list)");
    const round = this.call.inputRound;
    if (!round) return this.session.roots(this.outgoing());
    return (await round.ask("roots/list", {}, options.key)).roots as Root[];
  }

  /**
   * Runs a side effect once per request. On the 2026 era a handler that asks for input is run
   * again with the answers; `once` journals `fn`'s result (a JSON value) in the request state so
   * the re-run gets it back instead of repeating the effect. On 2025 it simply runs `fn`.
   *
   * @example
   * const order = await ctx.once("create-order", () => shop.createOrder(cart));
   * const ok = await ctx.elicit(`Pay ${order.total}?`, z.object({ pay: z.boolean() }));
   */
  once<T>(name: string, fn: () => T | Promise<T>): Promise<T> {
    const round = this.call.inputRound;
    if (round) return round.once(name, fn);
    return Promise.resolve().then(fn);
  }

  /**
   * This same request as seen by a mounted server: its resources, its lifespan value and its name
   * on log messages. Logging, progress, sampling and cancellation still go through this request's session.
   */
  forServer(scope: ContextScope): Context {
    return new Context(this.call, scope);
  }

  /**
   * Hides components from this client's session only (its lists, calls, reads and gets), and
   * tells it its lists changed. Names are as this client sees them; the last rule that matches
   * a component decides, after the server's own `enable`/`disable`.
   *
   * @example
   * mcp.tool({ name: "log_in", input: { key: z.string() } }, async ({ key }, ctx) => {
   *   await ctx.show({ tags: ["member"] }); // shown from now on to this client only
   * });
   */
  hide(filter: ComponentFilter): Promise<void> {
    return this.changeView(false, filter);
  }

  /** Shows components to this client's session that a rule hides; see `hide`. */
  show(filter: ComponentFilter): Promise<void> {
    return this.changeView(true, filter);
  }

  /** This same request with another signal (a tool's time limit aborts it too). */
  withSignal(signal: AbortSignal): Context {
    const { session, request, extra } = this.call;
    return new Context({ session, request, extra, signal }, this.scope);
  }

  /** Reads one of this server's own resources, as a client would. */
  readResource(uri: string): Promise<ReadResourceResult> {
    return this.scope.readResource(uri, this);
  }

  private async changeView(show: boolean, filter: ComponentFilter): Promise<void> {
    if (this.session.stateless) {
      throw new ToolError(
        "This server runs in stateless HTTP mode, where every request is a session of its own, so a " +
          "session's view of the tools cannot outlast this call; serve it with sessions for this tool.",
      );
    }
    const lists = sessionView(this.session).add(show, filter);
    // On this request's stream, so that the client hears of the change before the answer.
    await Promise.all(lists.map((list) => this.session.notify(list, undefined, this.requestId)));
  }

  private outgoing() {
    return { signal: this.signal, relatedRequestId: this.requestId };
  }

  /** A server-to-client request on 2025; on 2026 an ask answered through `input_required`. */
  private ask(method: InputMethod, params: Record<string, unknown>, key: string | undefined) {
    const round = this.call.inputRound;
    if (round) return round.ask(method, params, key);
    return this.session.request(method, params, this.outgoing());
  }

  private require(capability: keyof ClientCapabilities, what: string): void {
    // On 2026 the round checks the envelope's capabilities itself, answering -32021.
    if (this.call.inputRound) return;
    if (this.session.stateless) {
      throw new ToolError(
        `This server runs in stateless HTTP mode, which cannot send ${what} requests to the client ` +
          "(sessionless HTTP has no channel for server-to-client requests); serve it with sessions for this tool.",
      );
    }
    if (!this.session.clientCapabilities[capability]) {
      const client = this.session.clientInfo?.name ?? "The client";
      throw new ToolError(`${client} does not support ${what}, which this tool needs.`);
    }
  }
}

/**
 * Each form's JSON Schema, made once per zod schema: a 2026 elicitation runs its handler (and so
 * this conversion) once per round, and converting a one-field form measured ~120 µs on the
 * loaded bench machine, a tenth of an in-memory round trip there.
 */
const formSchemas = new WeakMap<z.ZodObject, Record<string, unknown>>();

function formSchemaOf(schema: z.ZodObject): Record<string, unknown> {
  let form = formSchemas.get(schema);
  if (!form) {
    const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: "input" }) as Record<string, unknown>;
    form = rest;
    formSchemas.set(schema, form);
  }
  return form;
}

function toModelPreferences(preferences: string | string[] | ModelPreferences): ModelPreferences {
  if (typeof preferences === "string") return { hints: [{ name: preferences }] };
  if (Array.isArray(preferences)) return { hints: preferences.map((name) => ({ name })) };
  return preferences;
}

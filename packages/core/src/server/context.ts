import { z } from "zod";
import { McpError, ToolError } from "../errors.js";
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
import type { ClientConnection } from "./client-connection.js";

export interface SampleOptions {
  systemPrompt?: string;
  /** Defaults to 1024. */
  maxTokens?: number;
  temperature?: number;
  stopSequences?: string[];
  /** Model names to hint at, or full preferences. */
  modelPreferences?: string | string[] | ModelPreferences;
  includeContext?: CreateMessageRequest["includeContext"];
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
}

/** What a context takes from the server that serves it; made once per server, not per request. */
export interface ContextScope {
  /** The server's name, on the log messages its handlers send. */
  readonly loggerName: string;
  readonly readResource: ResourceReader;
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
export class Context {
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

  /** The identity an HTTP transport's authentication verified, if any. */
  get auth(): AuthInfo | undefined {
    return this.call.extra?.authInfo;
  }

  /** Aborted when the client cancels the request or disconnects. */
  get signal(): AbortSignal {
    return this.call.signal;
  }

  get sessionId(): string | undefined {
    return this.session.id;
  }

  /** Who the client is and what it can do, as it said in `initialize`. */
  get client(): {
    info: Implementation | undefined;
    capabilities: ClientCapabilities;
    protocolVersion: string;
  } {
    const { clientInfo, clientCapabilities, protocolVersion } = this.session;
    return { info: clientInfo, capabilities: clientCapabilities, protocolVersion };
  }

  /** Sends a log message to the client (`notifications/message`), honouring its `logging/setLevel`. */
  log(level: LoggingLevel, message: string, data?: unknown): Promise<void> {
    const payload = data === undefined ? message : { message, data };
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
    const result = (await this.session.request(
      "sampling/createMessage",
      { ...request },
      this.outgoing(),
    )) as CreateMessageResult;
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
  async elicit<S extends z.ZodObject>(message: string, schema: S): Promise<ElicitOutcome<z.output<S>>> {
    this.require("elicitation", "elicitation (elicitation/create)");
    const { $schema: _dialect, ...requestedSchema } = z.toJSONSchema(schema, { io: "input" }) as Record<
      string,
      unknown
    >;
    const result = await this.session.request(
      "elicitation/create",
      { mode: "form", message, requestedSchema },
      this.outgoing(),
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

  /** The client's roots (`roots/list`), cached until the client says they changed. */
  async listRoots(): Promise<Root[]> {
    this.require("roots", "roots (roots/list)");
    return this.session.roots(this.outgoing());
  }

  /**
   * This same request as seen by a mounted server: its resources and its name on log messages.
   * Logging, progress, sampling and cancellation still go through this request's session.
   */
  forServer(resourceReader: ResourceReader, loggerName: string): Context {
    return new Context(this.call, { loggerName, readResource: resourceReader });
  }

  /** Reads one of this server's own resources, as a client would. */
  readResource(uri: string): Promise<ReadResourceResult> {
    return this.scope.readResource(uri, this);
  }

  private outgoing() {
    return { signal: this.signal, relatedRequestId: this.requestId };
  }

  private require(capability: keyof ClientCapabilities, what: string): void {
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

function toModelPreferences(preferences: string | string[] | ModelPreferences): ModelPreferences {
  if (typeof preferences === "string") return { hints: [{ name: preferences }] };
  if (Array.isArray(preferences)) return { hints: preferences.map((name) => ({ name })) };
  return preferences;
}

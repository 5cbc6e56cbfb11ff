import { McpError } from "../errors.js";
import type { HttpClientOptions } from "../http/client-transport.js";
import { PROTOCOL_2026 } from "../protocol/era.js";
import {
  ErrorCode,
  type JsonRpcMessage,
  type JsonRpcNotification,
  type JsonRpcRequest,
  LATEST_PROTOCOL_VERSION,
  type RequestId,
  SUPPORTED_PROTOCOL_VERSIONS,
} from "../protocol/messages.js";
import { PendingRequests } from "../protocol/pending-requests.js";
import type { Transport } from "../protocol/transport.js";
import type {
  CallToolResult,
  CompleteResult,
  CompletionReference,
  CreateMessageRequest,
  CreateMessageResult,
  ElicitRequest,
  ElicitResult,
  GetPromptResult,
  Implementation,
  InitializeResult,
  LoggingLevel,
  LogMessageNotification,
  ProgressNotification,
  Prompt,
  ReadResourceResult,
  Resource,
  ResourceTemplate,
  Root,
  ServerCapabilities,
  Tool,
} from "../protocol/types.js";
import { withActiveTraceContext } from "../tracing/trace-context.js";
import { StdioClientTransport } from "../transports/stdio-client.js";
import type { ClientHandlers } from "./client-handlers.js";
import { ClientEnvelope } from "./envelope.js";
import {
  DEFAULT_PROTOCOL_CHOICE,
  type DiscoverResult,
  discoverEra,
  type ProtocolChoice,
} from "./era-negotiation.js";
import { modernRequest } from "./modern-request.js";
import { type ClientTarget, isUrl, openTransport, speaksModern } from "./open-transport.js";
import { ResourceSubscriptions } from "./resource-subscriptions.js";
import { ServerRequests } from "./server-requests.js";
import { Listens, type Subscription, type SubscriptionFilter } from "./subscription.js";
import { ToolHeaders } from "./tool-headers.js";
import type { AnyTools, CallToolArgs, ToolsOf, ToolTypes, TypedCallToolResult } from "./tool-types.js";

export type { ClientTarget } from "./open-transport.js";

type MaybePromise<T> = T | Promise<T>;

export interface ClientOptions extends HttpClientOptions {
  name?: string;
  version?: string;
  /** Roots to offer the server; enables the `roots` capability. Change them with `setRoots`. */
  roots?: Root[];
  /** Answers `roots/list` on demand (proxies); enables the `roots` capability, like `roots`. */
  onRoots?: (signal: AbortSignal) => MaybePromise<Root[]>;
  /** Answers the server's `sampling/createMessage`; enables the `sampling` capability. */
  onSampling?: (request: CreateMessageRequest, signal: AbortSignal) => MaybePromise<CreateMessageResult>;
  /** Answers the server's `elicitation/create`; enables the `elicitation` capability. */
  onElicitation?: (request: ElicitRequest, signal: AbortSignal) => MaybePromise<ElicitResult>;
  /** Receives the server's log messages (`notifications/message`). */
  onLog?: (message: LogMessageNotification) => void;
  /** Per-request timeout; defaults to 60 s. */
  timeoutMs?: number;
  /**
   * The protocol era: `"auto"` tries 2026-07-28 with `server/discover` and falls back to the
   * 2025-11-25 `initialize` handshake on a server that does not know it; a version pins that era.
   * Defaults to 2025-11-25 for now (`DEFAULT_PROTOCOL_CHOICE`). `client.protocolVersion` tells
   * which was chosen.
   */
  protocol?: ProtocolChoice;
  /** On 2026, how many `input_required` rounds one call may take before it fails; default 8. */
  maxInputRounds?: number;
}

export interface RequestOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface CallToolOptions extends RequestOptions {
  /** Asks for progress and receives each `notifications/progress` for this call, in order. */
  onProgress?: (progress: ProgressNotification) => void;
}

const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * An MCP client for tests, scripts and tools: connects to a `FastMCP` in memory, a server command
 * over stdio, or a URL, and offers a method for every server feature. Dispose it with `await using`.
 *
 * @example
 * await using client = await Client.connect(mcp);
 * const result = await client.callTool("add", { a: 1, b: 2 });
 */
export class Client<T extends ToolTypes = AnyTools> {
  serverInfo: Implementation = { name: "", version: "" };
  serverCapabilities: ServerCapabilities = {};
  instructions: string | undefined;
  protocolVersion = LATEST_PROTOCOL_VERSION;
  /** What `server/discover` said, on 2026; undefined on a 2025 connection. */
  discovery: DiscoverResult | undefined;

  private readonly pending = new PendingRequests("");
  private readonly progressHandlers = new Map<string | number, (progress: ProgressNotification) => void>();
  private readonly listeners = new Map<string, Set<(params: Record<string, unknown>) => void>>();
  private readonly serverRequests = new ServerRequests();
  private roots: Root[] | undefined;
  private closed = false;
  private logLevel: LoggingLevel | undefined;
  private readonly envelope = new ClientEnvelope(() => ({
    options: this.options,
    roots: this.roots,
    logLevel: this.logLevel,
  }));
  private toolHeaders: ToolHeaders | undefined;
  private readonly listens = new Listens(
    (params, signal) =>
      this.send("subscriptions/listen", this.envelope.wrap(params), { signal, timeoutMs: Infinity }),
    () => this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  );
  private readonly resourceSubscriptions = new ResourceSubscriptions((filter) => this.listen(filter));

  private constructor(
    readonly transport: Transport,
    private readonly options: ClientOptions,
  ) {
    this.roots = options.roots;
  }

  /**
   * Connects and settles the era: on 2026 `server/discover` tells the server's identity and
   * capabilities; on 2025 the `initialize` handshake does (see `ClientOptions.protocol`). Typed by
   * the target's tools when it is a `FastMCP` built with `addTool`, or by `T` (a declaration
   * `mcpkit types` wrote).
   */
  static connect<S extends ClientTarget>(target: S, options?: ClientOptions): Promise<Client<ToolsOf<S>>>;
  static connect<T extends ToolTypes>(target: ClientTarget, options?: ClientOptions): Promise<Client<T>>;
  static async connect(target: ClientTarget, options: ClientOptions = {}): Promise<Client> {
    const choice = options.protocol ?? DEFAULT_PROTOCOL_CHOICE;
    if (choice !== LATEST_PROTOCOL_VERSION && speaksModern(target, choice)) {
      const client = await Client.open(await openTransport(target, options, true), options);
      const era = await client.discover(choice, isUrl(target)).catch(async (error: unknown) => {
        await client.close().catch(() => {});
        throw error;
      });
      if (era === "modern") return client;
      // stdio and in-memory fall back on the same channel; HTTP needs the 2025 transport.
      if (!isUrl(target)) return client.initialize();
      await client.close();
    }
    return (await Client.open(await openTransport(target, options, false), options)).initialize();
  }

  private static async open(transport: Transport, options: ClientOptions): Promise<Client> {
    const client = new Client(transport, options);
    transport.onmessage = (message) => client.receive(message);
    transport.onclose = () => client.closedByTransport();
    try {
      await transport.start();
    } catch (error) {
      await transport.close().catch(() => {});
      throw error;
    }
    return client;
  }

  async listTools(options?: RequestOptions): Promise<Tool[]> {
    const tools = await this.paginate<Tool>("tools/list", "tools", options);
    return this.toolHeaders?.accept(tools) ?? tools;
  }

  /** Calls a tool. A tool's own failure comes back as `isError: true`, not as an exception. */
  async callTool<K extends keyof T & string>(
    name: K,
    ...[args = {}, options = {}]: CallToolArgs<T[K]["input"], CallToolOptions>
  ): Promise<TypedCallToolResult<T[K]["output"]>> {
    const params: Record<string, unknown> = { name, arguments: args };
    const { onProgress } = options;
    if (!onProgress) return (await this.request("tools/call", params, options)) as CallToolResult;
    const token = `p${Math.random().toString(36).slice(2)}`;
    params._meta = { progressToken: token };
    this.progressHandlers.set(token, onProgress);
    try {
      return (await this.request("tools/call", params, options)) as CallToolResult;
    } finally {
      this.progressHandlers.delete(token);
    }
  }

  async listResources(options?: RequestOptions): Promise<Resource[]> {
    return this.paginate<Resource>("resources/list", "resources", options);
  }

  async listResourceTemplates(options?: RequestOptions): Promise<ResourceTemplate[]> {
    return this.paginate<ResourceTemplate>("resources/templates/list", "resourceTemplates", options);
  }

  async readResource(uri: string, options?: RequestOptions): Promise<ReadResourceResult> {
    return (await this.request("resources/read", { uri }, options)) as ReadResourceResult;
  }

  /** On 2026, which has no `resources/subscribe`, the URI joins the client's resource listen. */
  async subscribe(uri: string): Promise<void> {
    if (this.modern) return this.resourceSubscriptions.subscribe(uri);
    await this.request("resources/subscribe", { uri });
  }

  async unsubscribe(uri: string): Promise<void> {
    if (this.modern) return this.resourceSubscriptions.unsubscribe(uri);
    await this.request("resources/unsubscribe", { uri });
  }

  /** Opens a 2026 `subscriptions/listen`, acknowledged; its notifications reach `on` listeners. */
  async listen(filter: SubscriptionFilter, options: { signal?: AbortSignal } = {}): Promise<Subscription> {
    if (!this.modern)
      throw new McpError(ErrorCode.InvalidRequest, `subscriptions/listen needs protocol ${PROTOCOL_2026}`);
    return this.listens.open(filter, options.signal);
  }

  async listPrompts(options?: RequestOptions): Promise<Prompt[]> {
    return this.paginate<Prompt>("prompts/list", "prompts", options);
  }

  async getPrompt(
    name: string,
    args: Record<string, string> = {},
    options?: RequestOptions,
  ): Promise<GetPromptResult> {
    return (await this.request("prompts/get", { name, arguments: args }, options)) as GetPromptResult;
  }

  async complete(
    ref: CompletionReference,
    argument: { name: string; value: string },
    context?: { arguments: Record<string, string> },
  ): Promise<CompleteResult> {
    const params: Record<string, unknown> = { ref, argument };
    if (context) params.context = context;
    return (await this.request("completion/complete", params)) as CompleteResult;
  }

  /** 2026 has no `ping`: there `server/discover` shows the server is alive. */
  async ping(options?: RequestOptions): Promise<void> {
    await this.request(this.modern ? "server/discover" : "ping", {}, options);
  }

  /** On 2026 the level rides in every request's envelope instead (no level, no log messages). */
  async setLogLevel(level: LoggingLevel): Promise<void> {
    this.logLevel = level;
    this.envelope.changed();
    if (!this.modern) await this.request("logging/setLevel", { level });
  }

  /** Replaces the roots offered to the server and tells it (2025's `notifications/roots/list_changed`). */
  async setRoots(roots: Root[]): Promise<void> {
    this.roots = roots;
    this.envelope.changed();
    if (!this.modern) await this.notify("notifications/roots/list_changed");
  }

  /** Listens for a notification method (e.g. `notifications/tools/list_changed`); returns an unsubscribe. */
  on(method: string, listener: (params: Record<string, unknown>) => void): () => void {
    let set = this.listeners.get(method);
    if (!set) {
      set = new Set();
      this.listeners.set(method, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  /**
   * Sends any request; resolves with its result or throws `McpError`. On 2026 the envelope is
   * added, and a call, read or prompt that answers `input_required` is answered with this client's
   * handlers and retried until it completes (see `ClientOptions.maxInputRounds`).
   */
  request(
    method: string,
    params: Record<string, unknown> = {},
    options: RequestOptions = {},
  ): Promise<Record<string, unknown>> {
    if (!this.modern) return this.send(method, params, options).result;
    const send = (current: Record<string, unknown>) =>
      this.send(method, this.envelope.wrap(current), options).result;
    return modernRequest(method, params, send, {
      handlers: this.handlers(),
      maxInputRounds: this.options.maxInputRounds,
      signal: options.signal,
      toolHeaders: this.toolHeaders,
      listTools: () => this.listTools(),
    });
  }

  async notify(method: string, params?: Record<string, unknown>): Promise<void> {
    const message: JsonRpcNotification = params
      ? { jsonrpc: "2.0", method, params }
      : { jsonrpc: "2.0", method };
    await this.transport.send(message);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.transport.close();
    this.closedByTransport();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private get modern(): boolean {
    return this.protocolVersion === PROTOCOL_2026;
  }

  private send(
    method: string,
    params: Record<string, unknown>,
    options: RequestOptions,
  ): { id: RequestId; result: Promise<Record<string, unknown>> } {
    const closed = this.closed && new McpError(ErrorCode.ConnectionClosed, "The client is closed");
    if (closed) return { id: -1, result: Promise.reject(closed) };
    const opened = this.pending.open(method, {
      signal: options.signal,
      timeoutMs: options.timeoutMs ?? this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      onGiveUp: (requestId, reason) =>
        void this.notify("notifications/cancelled", { requestId, reason }).catch(() => {}),
    });
    const { id } = opened;
    const headers = this.toolHeaders?.headersFor(method, params);
    this.transport
      .send({ jsonrpc: "2.0", id, method, params: withActiveTraceContext(params) }, headers && { headers })
      .catch((error: unknown) => {
        this.pending.fail(id, error instanceof Error ? error : new Error(String(error)));
      });
    return opened;
  }

  private handlers(): ClientHandlers {
    const { onRoots, onSampling, onElicitation } = this.options;
    const roots = onRoots ?? (this.roots ? () => this.roots ?? [] : undefined);
    return { roots, sampling: onSampling, elicitation: onElicitation };
  }

  /** The 2026 probe: "modern" when the server speaks 2026-07-28, "legacy" to fall back. */
  private async discover(choice: ProtocolChoice, http: boolean): Promise<"modern" | "legacy"> {
    const timeout = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const probe = (timeoutMs: number) =>
      this.send("server/discover", this.envelope.wrap({}), { timeoutMs }).result;
    const discovery = await discoverEra(probe, choice, timeout, () => this.closed);
    if (discovery === "legacy") return "legacy";
    this.protocolVersion = PROTOCOL_2026;
    this.discovery = discovery;
    this.serverInfo = discovery.serverInfo ?? this.serverInfo;
    this.serverCapabilities = discovery.capabilities;
    this.instructions = discovery.instructions;
    // Over HTTP, tool calls mirror their x-mcp-header params into headers.
    if (http) this.toolHeaders = new ToolHeaders();
    return "modern";
  }

  /** The 2025 handshake; a failed one closes the client. */
  private async initialize(): Promise<Client> {
    try {
      await this.handshake();
    } catch (error) {
      await this.close().catch(() => {});
      throw error;
    }
    return this;
  }

  private async handshake(): Promise<void> {
    const result = (await this.request("initialize", {
      protocolVersion: LATEST_PROTOCOL_VERSION,
      capabilities: this.envelope.capabilities(false),
      clientInfo: this.envelope.clientInfo(),
    })) as InitializeResult;
    if (!SUPPORTED_PROTOCOL_VERSIONS.includes(result.protocolVersion)) {
      throw new McpError(
        ErrorCode.InvalidRequest,
        `The server speaks protocol ${result.protocolVersion}, which this client does not`,
      );
    }
    this.protocolVersion = result.protocolVersion;
    this.serverInfo = result.serverInfo;
    this.serverCapabilities = result.capabilities ?? {};
    this.instructions = result.instructions;
    this.transport.setProtocolVersion?.(result.protocolVersion);
    await this.notify("notifications/initialized");
  }

  private async paginate<T>(method: string, key: string, options?: RequestOptions): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | undefined;
    do {
      const result = await this.request(method, cursor === undefined ? {} : { cursor }, options);
      items.push(...((result[key] as T[] | undefined) ?? []));
      cursor = typeof result.nextCursor === "string" ? result.nextCursor : undefined;
    } while (cursor !== undefined);
    return items;
  }

  /** Messages are handled synchronously and in order, so a call's notifications precede its result. */
  private receive(message: JsonRpcMessage): void {
    if (!("method" in message)) {
      this.pending.settle(message);
      return;
    }
    if ("id" in message && message.id !== undefined && message.id !== null) {
      const reply = (answer: JsonRpcMessage) =>
        this.closed ? Promise.resolve() : this.transport.send(answer);
      void this.serverRequests.answer(message as JsonRpcRequest, this.handlers(), reply);
      return;
    }
    const params = message.params ?? {};
    switch (message.method) {
      case "notifications/progress": {
        const progress = params as unknown as ProgressNotification;
        this.progressHandlers.get(progress.progressToken)?.(progress);
        break;
      }
      case "notifications/message":
        this.options.onLog?.(params as unknown as LogMessageNotification);
        break;
      case "notifications/cancelled":
        this.serverRequests.cancel(params.requestId as RequestId, params.reason);
        // On 2026 a server cancels only the listen it tears down.
        if (this.modern) {
          const reason = String(params.reason ?? "The server ended the subscription");
          this.pending.fail(params.requestId as RequestId, new McpError(ErrorCode.ConnectionClosed, reason));
        }
        break;
      case "notifications/subscriptions/acknowledged":
        this.listens.acknowledged(params);
        break;
    }
    for (const listener of this.listeners.get(message.method) ?? []) listener(params);
  }

  private closedByTransport(): void {
    if (this.closed) return;
    this.closed = true;
    const stderr = this.transport instanceof StdioClientTransport ? this.transport.stderr.trim() : "";
    const detail = stderr ? `; its stderr ended with:\n${stderr}` : "";
    this.pending.failAll(
      new McpError(ErrorCode.ConnectionClosed, `The server closed the connection${detail}`),
    );
    this.serverRequests.cancelAll("The connection closed");
  }
}

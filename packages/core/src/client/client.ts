import { ENGINE, isServable, type Servable } from "../engine/servable.js";
import { McpError } from "../errors.js";
import type { HttpClientOptions } from "../http/client-transport.js";
import {
  ErrorCode,
  type JsonRpcMessage,
  type JsonRpcNotification,
  type JsonRpcRequest,
  LATEST_PROTOCOL_VERSION,
  type RequestId,
  SUPPORTED_PROTOCOL_VERSIONS,
} from "../protocol/messages.js";
import { PendingRequests, toAbortError } from "../protocol/pending-requests.js";
import type { Transport } from "../protocol/transport.js";
import type {
  CallToolResult,
  ClientCapabilities,
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
import { InMemoryTransport } from "../transports/in-memory.js";
import { StdioClientTransport, type StdioServerParameters } from "../transports/stdio-client.js";

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
}

export interface RequestOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface CallToolOptions extends RequestOptions {
  /** Asks for progress and receives each `notifications/progress` for this call, in order. */
  onProgress?: (progress: ProgressNotification) => void;
}

/** What a client can connect to: a server in this process, a command to spawn, a URL, or a transport. */
export type ClientTarget = Servable | StdioServerParameters | string | URL | Transport;

const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * An MCP client for tests, scripts and tools: connects to a `FastMCP` in memory, a server command
 * over stdio, or a URL, and offers a method for every server feature. Dispose it with `await using`.
 *
 * @example
 * await using client = await Client.connect(mcp);
 * const result = await client.callTool("add", { a: 1, b: 2 });
 */
export class Client {
  serverInfo: Implementation = { name: "", version: "" };
  serverCapabilities: ServerCapabilities = {};
  instructions: string | undefined;
  protocolVersion = LATEST_PROTOCOL_VERSION;

  private readonly pending = new PendingRequests("");
  private readonly progressHandlers = new Map<string | number, (progress: ProgressNotification) => void>();
  private readonly listeners = new Map<string, Set<(params: Record<string, unknown>) => void>>();
  private readonly serverRequests = new Map<RequestId, AbortController>();
  private roots: Root[] | undefined;
  private closed = false;

  private constructor(
    readonly transport: Transport,
    private readonly options: ClientOptions,
  ) {
    this.roots = options.roots;
  }

  /** Connects and completes the `initialize` handshake. */
  static async connect(target: ClientTarget, options: ClientOptions = {}): Promise<Client> {
    const transport = await openTransport(target, options);
    const client = new Client(transport, options);
    transport.onmessage = (message) => client.receive(message);
    transport.onclose = () => client.closedByTransport();
    try {
      await transport.start();
      await client.initialize();
    } catch (error) {
      await transport.close().catch(() => {});
      throw error;
    }
    return client;
  }

  async listTools(options?: RequestOptions): Promise<Tool[]> {
    return this.paginate<Tool>("tools/list", "tools", options);
  }

  /** Calls a tool. A tool's own failure comes back as `isError: true`, not as an exception. */
  async callTool(
    name: string,
    args: Record<string, unknown> = {},
    options: CallToolOptions = {},
  ): Promise<CallToolResult> {
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

  async subscribe(uri: string): Promise<void> {
    await this.request("resources/subscribe", { uri });
  }

  async unsubscribe(uri: string): Promise<void> {
    await this.request("resources/unsubscribe", { uri });
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

  async ping(options?: RequestOptions): Promise<void> {
    await this.request("ping", {}, options);
  }

  async setLogLevel(level: LoggingLevel): Promise<void> {
    await this.request("logging/setLevel", { level });
  }

  /** Replaces the roots offered to the server and tells it (`notifications/roots/list_changed`). */
  async setRoots(roots: Root[]): Promise<void> {
    this.roots = roots;
    await this.notify("notifications/roots/list_changed");
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

  /** Sends any request; resolves with its result or throws `McpError`. */
  request(
    method: string,
    params: Record<string, unknown> = {},
    options: RequestOptions = {},
  ): Promise<Record<string, unknown>> {
    if (this.closed) return Promise.reject(new McpError(ErrorCode.ConnectionClosed, "The client is closed"));
    const { id, result } = this.pending.open(method, {
      signal: options.signal,
      timeoutMs: options.timeoutMs ?? this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      onGiveUp: (requestId, reason) =>
        void this.notify("notifications/cancelled", { requestId, reason }).catch(() => {}),
    });
    this.transport.send({ jsonrpc: "2.0", id, method, params }).catch((error: unknown) => {
      this.pending.fail(id, error instanceof Error ? error : new Error(String(error)));
    });
    return result;
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

  private async initialize(): Promise<void> {
    const capabilities: ClientCapabilities = {};
    if (this.roots || this.options.onRoots) capabilities.roots = { listChanged: true };
    if (this.options.onSampling) capabilities.sampling = {};
    if (this.options.onElicitation) capabilities.elicitation = { form: {} };
    const clientInfo = {
      name: this.options.name ?? "mcpkit-client",
      version: this.options.version ?? "0.1.0",
    };
    const result = (await this.request("initialize", {
      protocolVersion: LATEST_PROTOCOL_VERSION,
      capabilities,
      clientInfo,
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
      void this.answer(message as JsonRpcRequest);
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
        this.serverRequests
          .get(params.requestId as RequestId)
          ?.abort(toAbortError(params.reason ?? "Cancelled"));
        break;
    }
    for (const listener of this.listeners.get(message.method) ?? []) listener(params);
  }

  private async answer(request: JsonRpcRequest): Promise<void> {
    const controller = new AbortController();
    this.serverRequests.set(request.id, controller);
    let reply: JsonRpcMessage;
    try {
      const result = await this.serve(request, controller.signal);
      reply = { jsonrpc: "2.0", id: request.id, result };
    } catch (error) {
      const code = error instanceof McpError ? error.code : ErrorCode.InternalError;
      reply = {
        jsonrpc: "2.0",
        id: request.id,
        error: { code, message: error instanceof Error ? error.message : String(error) },
      };
    } finally {
      this.serverRequests.delete(request.id);
    }
    if (!controller.signal.aborted && !this.closed) await this.transport.send(reply).catch(() => {});
  }

  private async serve(request: JsonRpcRequest, signal: AbortSignal): Promise<Record<string, unknown>> {
    const params = request.params ?? {};
    switch (request.method) {
      case "ping":
        return {};
      case "roots/list":
        if (this.options.onRoots) return { roots: await this.options.onRoots(signal) };
        if (!this.roots) break;
        return { roots: this.roots };
      case "sampling/createMessage":
        if (!this.options.onSampling) break;
        return { ...(await this.options.onSampling(params as unknown as CreateMessageRequest, signal)) };
      case "elicitation/create":
        if (!this.options.onElicitation) break;
        return { ...(await this.options.onElicitation(params as unknown as ElicitRequest, signal)) };
    }
    throw new McpError(ErrorCode.MethodNotFound, `Method not found: ${request.method}`);
  }

  private closedByTransport(): void {
    if (this.closed) return;
    this.closed = true;
    const stderr = this.transport instanceof StdioClientTransport ? this.transport.stderr.trim() : "";
    const detail = stderr ? `; its stderr ended with:\n${stderr}` : "";
    this.pending.failAll(
      new McpError(ErrorCode.ConnectionClosed, `The server closed the connection${detail}`),
    );
    for (const controller of this.serverRequests.values())
      controller.abort(toAbortError("The connection closed"));
  }
}

async function openTransport(target: ClientTarget, options: ClientOptions): Promise<Transport> {
  if (isServable(target)) {
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await target[ENGINE].connect(serverSide);
    return clientSide;
  }
  if (typeof target === "string" || target instanceof URL) {
    const { createHttpClientTransport } = await import("../http/client-transport.js");
    return createHttpClientTransport(new URL(target), options);
  }
  if ("command" in target && typeof target.command === "string") return new StdioClientTransport(target);
  return target as Transport;
}

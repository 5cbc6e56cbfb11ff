import { McpError } from "../errors.js";
import type { MiddlewareNotification } from "../middleware/middleware.js";
import { type Era, parseEnvelope, type RequestEnvelope } from "../protocol/envelope.js";
import { envelopeVersion } from "../protocol/era.js";
import {
  ErrorCode,
  envelopeProblem,
  type JsonRpcErrorObject,
  type JsonRpcMessage,
  type JsonRpcNotification,
  type JsonRpcRequest,
  type JsonRpcResponse,
  LATEST_PROTOCOL_VERSION,
  type RequestId,
} from "../protocol/messages.js";
import { PendingRequests, toAbortError } from "../protocol/pending-requests.js";
import { RequestTable } from "../protocol/request-table.js";
import type { MessageExtra, Transport } from "../protocol/transport.js";
import {
  type ClientCapabilities,
  type Implementation,
  LOGGING_LEVELS,
  type LoggingLevel,
  type Root,
} from "../protocol/types.js";
import type { ClientConnection, OutgoingRequestOptions } from "../server/client-connection.js";
import type { Context, ContextCall } from "../server/context.js";
import type { InputRound } from "../server/input-round.js";
import { traceRequest } from "../tracing/request-span.js";
import type { ServerLogger } from "./request-log.js";

/** What a method handler gets besides its params. */
export interface RequestCall extends ContextCall {
  readonly session: Session;
  readonly request: JsonRpcRequest;
  /** Aborted when the client cancels the request or disconnects. */
  readonly signal: AbortSignal;
  readonly extra: MessageExtra | undefined;
  /** "2026" for a request that carries the 2026-07-28 `_meta` envelope, else "2025". */
  readonly era: Era;
  /** The 2026 request's envelope (client capabilities, client info, log level); undefined on 2025. */
  readonly envelope: RequestEnvelope | undefined;
  /** Set on a 2026 request that may answer `input_required` (engine/multi-round.ts). */
  inputRound?: InputRound | undefined;
}

/**
 * An incoming request being served. Its `AbortSignal` is made only when a handler asks for it:
 * most never do, and an AbortController per request was a tenth of a busy server's time.
 */
class IncomingCall implements RequestCall {
  aborted = false;
  inputRound: InputRound | undefined;
  private controller: AbortController | undefined;
  private reason: (() => Error) | undefined;

  constructor(
    readonly session: Session,
    readonly request: JsonRpcRequest,
    readonly extra: MessageExtra | undefined,
    readonly envelope: RequestEnvelope | undefined = undefined,
  ) {}

  get era(): Era {
    return this.envelope === undefined ? "2025" : "2026";
  }

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.reason?.());
    }
    return this.controller.signal;
  }

  /** Marks the call aborted; the reason (an Error, with its stack) is made only if someone listens. */
  abort(reason: () => Error): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.controller?.abort(reason());
  }
}

/** `context`: the one the middleware chain made for the request, when it ran. */
export type MethodHandler = (
  params: Record<string, unknown>,
  call: RequestCall,
  context?: Context,
) => Promise<Record<string, unknown>> | Record<string, unknown>;

export interface SessionHost {
  readonly methods: ReadonlyMap<string, MethodHandler>;
  /** What a 2026-07-28 request may call (see `createModernMethodTable`). */
  readonly modernMethods: ReadonlyMap<string, MethodHandler>;
  /** Client notifications through the middleware chain; unset when no middleware hooks them. */
  readonly notifications?: ((notification: MiddlewareNotification) => Promise<void>) | undefined;
  readonly logger: ServerLogger;
  /** Turns an unexpected error into what the client may see. */
  describeInternalError(error: unknown): string;
  sessionClosed(session: Session): void;
  /** The client said its roots changed (`notifications/roots/list_changed`). */
  rootsChanged?(session: Session): void;
}

/** Server-to-client requests wait this long by default: sampling and elicitation involve a human. */
const DEFAULT_OUTGOING_TIMEOUT_MS = 300_000;

/**
 * One connected client: the protocol engine for a single transport. It dispatches requests to the
 * host's method table, tracks in-flight calls so `notifications/cancelled` can abort them, and
 * sends the server's own requests (sampling, elicitation, roots) and notifications.
 */
export class Session implements ClientConnection {
  clientInfo: Implementation | undefined;
  clientCapabilities: ClientCapabilities = {};
  protocolVersion = LATEST_PROTOCOL_VERSION;
  /** Set by `logging/setLevel`; until then every level is sent. */
  logLevel: LoggingLevel | undefined;
  readonly subscriptions = new Set<string>();
  closed = false;
  /** Set by `initialize`; until then only `initialize` and `ping` are served (spec lifecycle). */
  initialized: boolean;

  private readonly inFlight = new RequestTable<IncomingCall>();
  private readonly pending = new PendingRequests("s");
  private rootsCache: Promise<Root[]> | undefined;

  /** `stateless`: sessionless HTTP, where each POST is served alone and never initialized. */
  constructor(
    private readonly host: SessionHost,
    readonly transport: Transport,
    readonly stateless = false,
  ) {
    this.initialized = stateless;
  }

  get id(): string | undefined {
    return this.transport.sessionId;
  }

  async start(): Promise<void> {
    this.transport.onmessage = (message, extra) => this.receive(message, extra);
    this.transport.onclose = () => this.closedByTransport();
    this.transport.onerror = (error) =>
      this.host.logger.log("warning", "transport error", { error: error.message });
    await this.transport.start();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.transport.close();
    this.closedByTransport();
  }

  /** Sends a notification; `relatedRequestId` keeps it on that request's HTTP stream. */
  async notify(
    method: string,
    params?: Record<string, unknown>,
    relatedRequestId?: RequestId,
  ): Promise<void> {
    if (this.closed) return;
    const message: JsonRpcNotification = params
      ? { jsonrpc: "2.0", method, params }
      : { jsonrpc: "2.0", method };
    await this.send(message, relatedRequestId);
  }

  /** A `notifications/message` to the client, unless below the level it asked for. */
  async log(level: LoggingLevel, data: unknown, logger: string | undefined, relatedRequestId?: RequestId) {
    if (this.logLevel && LOGGING_LEVELS.indexOf(level) < LOGGING_LEVELS.indexOf(this.logLevel)) return;
    const params: Record<string, unknown> = logger === undefined ? { level, data } : { level, logger, data };
    await this.notify("notifications/message", params, relatedRequestId);
  }

  /** Sends a request to the client and resolves with its result. */
  request(
    method: string,
    params: Record<string, unknown>,
    options: OutgoingRequestOptions = {},
  ): Promise<Record<string, unknown>> {
    if (this.closed)
      return Promise.reject(new McpError(ErrorCode.ConnectionClosed, "The client has disconnected"));
    const { relatedRequestId } = options;
    const { id, result } = this.pending.open(method, {
      signal: options.signal,
      timeoutMs: options.timeoutMs ?? DEFAULT_OUTGOING_TIMEOUT_MS,
      onGiveUp: (requestId, reason) =>
        void this.notify("notifications/cancelled", { requestId, reason }, relatedRequestId),
    });
    this.send({ jsonrpc: "2.0", id, method, params }, relatedRequestId);
    return result;
  }

  /** The client's roots, asked once and kept until it says they changed. */
  roots(options: OutgoingRequestOptions = {}): Promise<Root[]> {
    if (!this.clientCapabilities.roots) {
      return Promise.reject(
        new McpError(ErrorCode.InvalidRequest, "The client does not support roots (roots/list)"),
      );
    }
    if (!this.rootsCache) {
      const asked = this.request("roots/list", {}, options).then((result) => (result.roots as Root[]) ?? []);
      this.rootsCache = asked;
      asked.catch(() => {
        if (this.rootsCache === asked) this.rootsCache = undefined;
      });
    }
    return this.rootsCache;
  }

  private receive(message: JsonRpcMessage, extra: MessageExtra | undefined): void {
    const problem = envelopeProblem(message);
    if (problem) {
      const id = (message as { id?: unknown })?.id;
      const replyId = typeof id === "string" || typeof id === "number" || typeof id === "bigint" ? id : null;
      void this.send({
        jsonrpc: "2.0",
        id: replyId,
        error: { code: ErrorCode.InvalidRequest, message: `Invalid request: ${problem}` },
      });
      return;
    }
    if ("method" in message) {
      if ("id" in message && message.id !== undefined && message.id !== null) {
        void this.handleRequest(message as JsonRpcRequest, extra);
      } else if (this.host.notifications) {
        const { method, params = {} } = message as JsonRpcNotification;
        this.host.notifications({ method, params, session: this }).catch((error: unknown) => {
          this.host.logger.error("notification failed", error, { method });
        });
      } else {
        this.handleNotification(message);
      }
      return;
    }
    this.handleResponse(message);
  }

  private handleRequest(request: JsonRpcRequest, extra: MessageExtra | undefined): Promise<void> {
    // The era classifier: a request with the 2026 envelope is served on its own, statelessly.
    const version = envelopeVersion(request.params);
    if (version !== undefined) return this.handleModernRequest(request, version, extra);
    const handler = this.host.methods.get(request.method);
    if (!handler) return this.methodNotFound(request);
    // The lifecycle's rule: nothing but pings until the client has sent `initialize`.
    if (!this.initialized && request.method !== "initialize" && request.method !== "ping") {
      return this.reply(request.id, undefined, {
        code: ErrorCode.InvalidRequest,
        message: `Invalid request: ${request.method} was sent before initialize`,
      });
    }
    return this.run(new IncomingCall(this, request, extra), handler);
  }

  /** A 2026-07-28 request: no lifecycle, its envelope checked, the 2026 method table. */
  private handleModernRequest(
    request: JsonRpcRequest,
    version: string,
    extra: MessageExtra | undefined,
  ): Promise<void> {
    let envelope: RequestEnvelope;
    try {
      envelope = parseEnvelope(request.params, version);
    } catch (error) {
      return this.reply(request.id, undefined, this.toErrorObject(error, request));
    }
    const handler = this.host.modernMethods.get(request.method);
    if (!handler) return this.methodNotFound(request);
    return this.run(new IncomingCall(this, request, extra, envelope), handler);
  }

  private methodNotFound(request: JsonRpcRequest): Promise<void> {
    return this.reply(request.id, undefined, {
      code: ErrorCode.MethodNotFound,
      message: `Method not found: ${request.method}`,
    });
  }

  private async run(call: IncomingCall, handler: MethodHandler): Promise<void> {
    const { request } = call;
    this.inFlight.set(request.id, call);
    try {
      const result = await traceRequest(call, async () => handler(request.params ?? {}, call));
      if (!call.aborted) await this.reply(request.id, result);
    } catch (error) {
      if (!call.aborted) await this.reply(request.id, undefined, this.toErrorObject(error, request));
    } finally {
      this.inFlight.delete(request.id);
    }
  }

  private toErrorObject(error: unknown, request: JsonRpcRequest): JsonRpcErrorObject {
    if (error instanceof McpError) {
      return error.data === undefined
        ? { code: error.code, message: error.message }
        : { code: error.code, message: error.message, data: error.data };
    }
    this.host.logger.error("request failed", error, { method: request.method });
    return { code: ErrorCode.InternalError, message: this.host.describeInternalError(error) };
  }

  /** What the server does with a client notification (the end of the middleware chain). */
  handleNotification(notification: JsonRpcNotification): void {
    const params = notification.params ?? {};
    switch (notification.method) {
      case "notifications/cancelled": {
        const requestId = params.requestId as RequestId;
        this.inFlight.get(requestId)?.abort(() => toAbortError(params.reason ?? "Cancelled by the client"));
        return;
      }
      case "notifications/roots/list_changed":
        this.rootsCache = undefined;
        this.host.rootsChanged?.(this);
        return;
      default:
        // notifications/initialized, progress for our requests, and anything unknown: nothing to do.
        return;
    }
  }

  private handleResponse(response: JsonRpcResponse): void {
    this.pending.settle(response);
  }

  private async reply(id: RequestId, result?: Record<string, unknown>, error?: JsonRpcErrorObject) {
    const message: JsonRpcMessage = error
      ? { jsonrpc: "2.0", id, error }
      : { jsonrpc: "2.0", id, result: result ?? {} };
    if (this.closed) return;
    try {
      await this.transport.send(message, { relatedRequestId: id });
    } catch (cause) {
      // JSON.stringify throws a TypeError on a BigInt or a cycle: answer, or the caller waits forever.
      if (error || !(cause instanceof TypeError)) return this.sendFailed(cause);
      this.host.logger.error("result could not be serialized", cause, { id });
      const failure = {
        code: ErrorCode.InternalError,
        message: "The result could not be serialized as JSON",
      };
      await this.send({ jsonrpc: "2.0", id, error: failure }, id);
    }
  }

  private async send(message: JsonRpcMessage, relatedRequestId?: RequestId): Promise<void> {
    if (this.closed) return;
    try {
      await this.transport.send(message, relatedRequestId === undefined ? undefined : { relatedRequestId });
    } catch (error) {
      this.sendFailed(error);
    }
  }

  /** The peer is gone or the stream closed; the server keeps running for everyone else. */
  private sendFailed(error: unknown): void {
    this.host.logger.log("debug", "send failed", {
      error: error instanceof Error ? error.message : String(error),
    });
  }

  private closedByTransport(): void {
    if (this.closed) return;
    this.closed = true;
    // Errors are only made when someone is waiting: a stateless HTTP session closes after every
    // request, and capturing two stack traces each time was a twentieth of its cost.
    for (const call of this.inFlight.values()) call.abort(disconnected);
    if (this.pending.size > 0) {
      this.pending.failAll(new McpError(ErrorCode.ConnectionClosed, "The client has disconnected"));
    }
    this.inFlight.clear();
    this.host.sessionClosed(this);
  }
}

const disconnected = () => toAbortError("The client disconnected");

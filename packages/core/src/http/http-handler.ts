import type { IncomingMessage, ServerResponse } from "node:http";
import type { Engine } from "../engine/engine.js";
import {
  ErrorCode,
  envelopeProblem,
  isRequest,
  type JsonRpcMessage,
  type RequestId,
  SUPPORTED_PROTOCOL_VERSIONS,
} from "../protocol/messages.js";
import type { AuthInfo, MessageExtra } from "../protocol/transport.js";
import { authenticate } from "./bearer-auth.js";
import { FetchExchange } from "./fetch-exchange.js";
import { type HttpExchange, headerValue, NodeExchange } from "./http-exchange.js";
import type { HttpHandler, HttpHandlerOptions, HttpRoute } from "./http-options.js";
import { LegacySseTransport } from "./legacy-sse-transport.js";
import { corsHeaders, preflightHeaders, RequestGuard } from "./request-guard.js";
import { KeepAlive, SSE_HEADERS, writePriming } from "./sse-event.js";
import { ResponseChannel, StreamableHttpTransport } from "./streamable-http-transport.js";

const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
const DEFAULT_IDLE_TIMEOUT_MS = 30 * 60_000;
const DEFAULT_KEEP_ALIVE_MS = 15_000;
/** Protocol revisions whose clients understand priming events (SEP-1699). */
const PRIMING_SINCE = "2025-11-25";

type ResponseHeaders = Record<string, string>;

/** The Streamable HTTP (or legacy SSE) endpoint logic behind `run()` and `createHttpHandler`. */
export class McpHttpHandler implements HttpHandler {
  private readonly guard: RequestGuard;
  private readonly path: string;
  private readonly messagesPath: string;
  private readonly legacy: boolean;
  private readonly maxBodyBytes: number;
  private readonly healthPath: string | undefined;
  private readonly routes: Map<string, HttpRoute>;
  private readonly keepAlive: KeepAlive;
  private readonly sweeper: NodeJS.Timeout;
  private readonly sessions = new Map<string, StreamableHttpTransport>();
  private readonly legacySessions = new Map<string, LegacySseTransport>();
  private readonly owners = new WeakMap<object, string | undefined>();
  private inFlight = 0;
  private draining = false;

  constructor(
    private readonly server: Engine,
    private readonly options: HttpHandlerOptions & { transport?: "http" | "sse" },
    boundHost?: string,
  ) {
    this.legacy = options.transport === "sse";
    this.guard = new RequestGuard(options, boundHost);
    this.path = options.path ?? (this.legacy ? "/sse" : "/mcp");
    this.messagesPath = options.messagesPath ?? "/messages";
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.healthPath = options.healthPath === false ? undefined : (options.healthPath ?? "/health");
    this.routes = new Map(Object.entries(options.routes ?? {}));
    this.keepAlive = new KeepAlive(options.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS);
    const idleMs = options.sessionIdleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    this.sweeper = setInterval(
      () => this.closeIdleSessions(idleMs),
      Math.max(10, Math.min(idleMs / 2, 60_000)),
    );
    this.sweeper.unref();
  }

  node = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    await this.handle(new NodeExchange(request, response));
  };

  fetch = async (request: Request): Promise<Response> => {
    const exchange = new FetchExchange(request);
    void this.handle(exchange);
    return exchange.response;
  };

  async close(timeoutMs = 5_000): Promise<void> {
    this.draining = true;
    const deadline = Date.now() + timeoutMs;
    while (this.busy() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    const open = [...this.sessions.values(), ...this.legacySessions.values()];
    await Promise.allSettled(open.map((transport) => transport.close()));
    this.keepAlive.stop();
    clearInterval(this.sweeper);
  }

  /** Whether some call is still being answered. */
  private busy(): boolean {
    if (this.inFlight > 0) return true;
    for (const transport of this.legacySessions.values()) if (transport.pending.size > 0) return true;
    return false;
  }

  async handle(exchange: HttpExchange): Promise<void> {
    try {
      await this.route(exchange);
    } catch (error) {
      this.server.logger.error("HTTP request failed", error, { path: exchange.url.pathname });
      this.fail(exchange, 500, "Internal server error", {}, ErrorCode.InternalError);
    }
  }

  private async route(exchange: HttpExchange): Promise<void> {
    const { method } = exchange;
    const path = exchange.url.pathname;
    if (path === this.healthPath && method === "GET") {
      exchange.respond(200, { "Content-Type": "application/json" }, '{"status":"ok"}');
      return;
    }
    const refused = this.guard.problem(exchange.headers);
    if (refused) return this.fail(exchange, 403, `Forbidden: ${refused}`);
    const cors = corsHeaders(this.options.cors, headerValue(exchange.headers, "origin"));
    if (method === "OPTIONS" && this.options.cors) {
      exchange.respond(204, preflightHeaders(this.options.cors, headerValue(exchange.headers, "origin")));
      return;
    }
    const custom = this.routes.get(`${method} ${path}`) ?? this.routes.get(path);
    if (custom) return exchange.send(await custom(exchange.toRequest()));

    const endpoint = path === this.path || (this.legacy && path === this.messagesPath);
    if (!endpoint) return this.fail(exchange, 404, `Not found: ${path}`, cors);
    if (this.draining)
      return this.fail(exchange, 503, "The server is shutting down", {
        ...cors,
        Connection: "close",
      });
    const auth = await authenticate(this.options.auth, exchange.headers);
    if (!auth.ok)
      return this.fail(exchange, auth.status, auth.message, {
        ...cors,
        ...auth.headers,
      });
    const extra: MessageExtra = { authInfo: auth.authInfo, requestInfo: { headers: exchange.headers } };

    if (this.legacy) {
      if (path === this.path && method === "GET") return this.openLegacyStream(exchange, cors, auth.authInfo);
      if (path === this.messagesPath && method === "POST") return this.postLegacy(exchange, cors, extra);
      return this.fail(exchange, 405, "Method not allowed", {
        ...cors,
        Allow: path === this.path ? "GET" : "POST",
      });
    }
    if (method === "POST") return this.post(exchange, cors, extra);
    if (this.options.stateless || (method !== "GET" && method !== "DELETE")) {
      const message = this.options.stateless
        ? "Method not allowed: this server is stateless"
        : "Method not allowed";
      const allow = this.options.stateless ? "POST" : "GET, POST, DELETE";
      return this.fail(exchange, 405, message, { ...cors, Allow: allow });
    }
    return method === "GET"
      ? this.openStandaloneStream(exchange, cors, auth.authInfo)
      : this.terminate(exchange, cors, auth.authInfo);
  }

  private async post(exchange: HttpExchange, cors: ResponseHeaders, extra: MessageExtra): Promise<void> {
    const accept = headerValue(exchange.headers, "accept") ?? "*/*";
    const acceptsSse = accept.includes("text/event-stream") || accept.includes("*/*");
    const acceptsJson = accept.includes("application/json") || accept.includes("*/*");
    if (!acceptsSse && !acceptsJson) {
      return this.fail(
        exchange,
        406,
        "Not acceptable: the client must accept application/json or text/event-stream",
        cors,
      );
    }
    const read = await this.readMessages(exchange, cors);
    if (!read) return;
    const { messages, batch } = read;
    const requestIds: RequestId[] = [];
    let initializing = false;
    for (const message of messages) {
      if (!isRequest(message)) continue;
      requestIds.push(message.id);
      if (message.method === "initialize") initializing = true;
    }

    let transport: StreamableHttpTransport;
    const ephemeral = this.options.stateless === true;
    const sessionId = headerValue(exchange.headers, "mcp-session-id");
    if (ephemeral) {
      transport = new StreamableHttpTransport(undefined);
      await this.server.connect(transport, { stateless: true });
    } else if (initializing) {
      if (sessionId !== undefined) {
        return this.fail(
          exchange,
          400,
          "Bad request: initialize starts a new session and must not carry Mcp-Session-Id",
          cors,
          ErrorCode.InvalidRequest,
        );
      }
      if (messages.length > 1)
        return this.fail(
          exchange,
          400,
          "Bad request: initialize must be sent on its own",
          cors,
          ErrorCode.InvalidRequest,
        );
      transport = new StreamableHttpTransport(crypto.randomUUID(), (ended) =>
        this.sessions.delete(ended.sessionId as string),
      );
      this.owners.set(transport, extra.authInfo?.clientId);
      await this.server.connect(transport);
      this.sessions.set(transport.sessionId as string, transport);
    } else {
      const found = this.findSession(exchange, cors, extra.authInfo);
      if (!found) return;
      transport = found;
    }
    const headers: ResponseHeaders = transport.sessionId
      ? { ...cors, "Mcp-Session-Id": transport.sessionId }
      : { ...cors };

    if (requestIds.length === 0) {
      transport.receive(messages, extra);
      exchange.respond(202, headers);
      if (ephemeral) await transport.close();
      return;
    }

    this.inFlight++;
    let keepAliveTicket: number | undefined;
    const settled = () => {
      this.inFlight--;
      if (keepAliveTicket !== undefined) this.keepAlive.forget(keepAliveTicket);
      if (ephemeral) void transport.close();
    };
    let channel: ResponseChannel;
    if (this.options.json || !acceptsSse) {
      const respond = (answers: JsonRpcMessage[]) =>
        exchange.respond(
          200,
          { ...headers, "Content-Type": "application/json" },
          JSON.stringify(batch ? answers : answers[0]),
        );
      channel = new ResponseChannel(new Set(requestIds), undefined, respond, undefined, settled);
    } else {
      const sink = exchange.openStream(200, { ...SSE_HEADERS, ...headers });
      const version = transport.protocolVersion ?? headerValue(exchange.headers, "mcp-protocol-version");
      const streamId =
        version !== undefined && version >= PRIMING_SINCE ? transport.openStreamId() : undefined;
      if (streamId !== undefined) writePriming(sink, `${streamId}_0`);
      keepAliveTicket = this.keepAlive.watch(sink);
      channel = new ResponseChannel(new Set(requestIds), sink, undefined, streamId, settled);
      const { closeStreamsAfterMs } = this.options;
      if (streamId !== undefined && !ephemeral && closeStreamsAfterMs !== undefined)
        channel.detachAfter(closeStreamsAfterMs);
    }
    exchange.onAbort(() => {
      if (!channel.done) transport.abandon(channel);
    });
    transport.receive(messages, extra, channel);
  }

  private async openStandaloneStream(
    exchange: HttpExchange,
    cors: ResponseHeaders,
    authInfo: AuthInfo | undefined,
  ): Promise<void> {
    const accept = headerValue(exchange.headers, "accept") ?? "";
    if (!accept.includes("text/event-stream")) {
      return this.fail(exchange, 406, "Not acceptable: the client must accept text/event-stream", cors);
    }
    const transport = this.findSession(exchange, cors, authInfo);
    if (!transport) return;
    const lastEventId = headerValue(exchange.headers, "last-event-id");
    if (lastEventId !== undefined) return this.resumeStream(exchange, cors, transport, lastEventId);
    if (transport.standalone && !transport.standalone.closed) {
      return this.fail(exchange, 409, "Conflict: this session already has a GET stream open", cors);
    }
    const sink = exchange.openStream(
      200,
      { ...SSE_HEADERS, ...cors, "Mcp-Session-Id": transport.sessionId as string },
      true,
    );
    transport.standalone = sink;
    transport.lastActivity = Date.now();
    this.keepAlive.watch(sink);
    exchange.onAbort(() => {
      if (transport.standalone === sink) transport.standalone = undefined;
      transport.lastActivity = Date.now();
    });
  }

  /** GET with `Last-Event-ID`: continue a POST stream the server closed early (SEP-1699). */
  private resumeStream(
    exchange: HttpExchange,
    cors: ResponseHeaders,
    transport: StreamableHttpTransport,
    lastEventId: string,
  ): void {
    const headers = { ...cors, "Mcp-Session-Id": transport.sessionId as string };
    if (!transport.streamCanResume(lastEventId)) {
      // Nothing to replay: 204 tells a resuming client to stop, where an error would make it retry.
      exchange.respond(204, headers);
      return;
    }
    const sink = exchange.openStream(200, { ...SSE_HEADERS, ...headers }, true);
    this.keepAlive.watch(sink);
    transport.resume(lastEventId, sink, exchange);
  }

  private async terminate(
    exchange: HttpExchange,
    cors: ResponseHeaders,
    authInfo: AuthInfo | undefined,
  ): Promise<void> {
    const transport = this.findSession(exchange, cors, authInfo);
    if (!transport) return;
    await transport.close();
    exchange.respond(200, cors);
  }

  private findSession(
    exchange: HttpExchange,
    cors: ResponseHeaders,
    authInfo: AuthInfo | undefined,
  ): StreamableHttpTransport | undefined {
    const sessionId = headerValue(exchange.headers, "mcp-session-id");
    if (sessionId === undefined) {
      this.fail(exchange, 400, "Bad request: Mcp-Session-Id header is required", cors);
      return undefined;
    }
    const transport = this.sessions.get(sessionId);
    // A session is only usable by the identity that opened it; anyone else gets the same 404.
    if (!transport || this.owners.get(transport) !== authInfo?.clientId) {
      this.fail(exchange, 404, "Session not found", cors);
      return undefined;
    }
    return transport;
  }

  private async openLegacyStream(
    exchange: HttpExchange,
    cors: ResponseHeaders,
    authInfo: AuthInfo | undefined,
  ): Promise<void> {
    const sink = exchange.openStream(200, { ...SSE_HEADERS, ...cors }, true);
    const transport = new LegacySseTransport(crypto.randomUUID(), sink, (ended) =>
      this.legacySessions.delete(ended.sessionId),
    );
    this.owners.set(transport, authInfo?.clientId);
    this.legacySessions.set(transport.sessionId, transport);
    exchange.onAbort(() => void transport.close());
    this.keepAlive.watch(sink);
    await this.server.connect(transport);
    sink.write(
      `event: endpoint\ndata: ${this.messagesPath}?sessionId=${encodeURIComponent(transport.sessionId)}\n\n`,
    );
  }

  private async postLegacy(
    exchange: HttpExchange,
    cors: ResponseHeaders,
    extra: MessageExtra,
  ): Promise<void> {
    const sessionId = exchange.url.searchParams.get("sessionId");
    if (!sessionId)
      return this.fail(exchange, 400, "Bad request: sessionId query parameter is required", cors);
    const transport = this.legacySessions.get(sessionId);
    if (!transport || this.owners.get(transport) !== extra.authInfo?.clientId) {
      return this.fail(exchange, 404, "Session not found", cors);
    }
    const read = await this.readMessages(exchange, cors);
    if (!read) return;
    exchange.respond(202, cors, "Accepted");
    transport.receive(read.messages, extra);
  }

  /** Reads and checks a POST body; on a problem, answers the request and returns undefined. */
  private async readMessages(
    exchange: HttpExchange,
    cors: ResponseHeaders,
  ): Promise<{ messages: JsonRpcMessage[]; batch: boolean } | undefined> {
    const contentType = headerValue(exchange.headers, "content-type") ?? "";
    if (!contentType.includes("application/json")) {
      this.fail(exchange, 415, "Unsupported media type: the body must be application/json", cors);
      return undefined;
    }
    const version = headerValue(exchange.headers, "mcp-protocol-version");
    if (version !== undefined && !SUPPORTED_PROTOCOL_VERSIONS.includes(version)) {
      const supported = SUPPORTED_PROTOCOL_VERSIONS.join(", ");
      this.fail(
        exchange,
        400,
        `Bad request: unsupported MCP-Protocol-Version ${version} (supported: ${supported})`,
        cors,
      );
      return undefined;
    }
    const body = await exchange.readBody(this.maxBodyBytes);
    if (body === undefined) {
      this.fail(
        exchange,
        413,
        `Payload too large: the limit is ${this.maxBodyBytes} bytes`,
        { ...cors, Connection: "close" },
        ErrorCode.InvalidRequest,
      );
      return undefined;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString("utf8"));
    } catch {
      this.fail(exchange, 400, "Parse error: the body is not valid JSON", cors, ErrorCode.ParseError);
      return undefined;
    }
    const batch = Array.isArray(parsed);
    const messages = (batch ? parsed : [parsed]) as unknown[];
    if (messages.length === 0) {
      this.fail(exchange, 400, "Invalid request: empty batch", cors, ErrorCode.InvalidRequest);
      return undefined;
    }
    for (const message of messages) {
      const problem = envelopeProblem(message);
      if (problem) {
        this.fail(exchange, 400, `Invalid request: ${problem}`, cors, ErrorCode.InvalidRequest);
        return undefined;
      }
    }
    return { messages: messages as JsonRpcMessage[], batch };
  }

  private fail(
    exchange: HttpExchange,
    status: number,
    message: string,
    headers: ResponseHeaders = {},
    code: number = ErrorCode.ConnectionClosed,
  ): void {
    const body = JSON.stringify({ jsonrpc: "2.0", error: { code, message }, id: null });
    exchange.respond(status, { ...headers, "Content-Type": "application/json" }, body);
  }

  private closeIdleSessions(idleMs: number): void {
    const cutoff = Date.now() - idleMs;
    for (const transport of this.sessions.values()) {
      const streaming = transport.standalone !== undefined && !transport.standalone.closed;
      if (!transport.busy && !streaming && transport.lastActivity < cutoff) void transport.close();
    }
  }
}

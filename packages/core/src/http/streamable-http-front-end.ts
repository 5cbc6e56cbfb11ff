import { sessionOwner } from "../auth/principal.js";
import type { Engine } from "../engine/engine.js";
import { stringifyJsonRpc } from "../protocol/json-rpc-text.js";
import { ErrorCode, isRequest, type JsonRpcMessage, type RequestId } from "../protocol/messages.js";
import type { AuthInfo, MessageExtra } from "../protocol/transport.js";
import type { AuthGate } from "./auth-gate.js";
import type { FrontEnd, ResponseHeaders } from "./front-end.js";
import type { HttpExchange } from "./http-exchange.js";
import type { HttpHandlerOptions } from "./http-options.js";
import { fail, failRequest, readMessages } from "./http-replies.js";
import {
  acceptedAnswer,
  acceptsEventStream,
  lastEventIdHeader,
  protocolVersionHeader,
  sessionIdHeader,
} from "./mcp-headers.js";
import { modernStatus, refuseModernRequest } from "./modern-request-check.js";
import { ResponseChannel } from "./response-channel.js";
import { maxSessionsOf, refuseSession } from "./session-limit.js";
import { type KeepAlive, SSE_HEADERS, writePriming } from "./sse-event.js";
import { StreamableHttpTransport } from "./streamable-http-transport.js";

const DEFAULT_IDLE_TIMEOUT_MS = 30 * 60_000;
/** Protocol revisions whose clients understand priming events (SEP-1699). */
const PRIMING_SINCE = "2025-11-25";
/** One options object for every stateless POST, rather than one each. */
const STATELESS = { stateless: true } as const;

/**
 * Streamable HTTP (protocol 2025-03-26 to 2025-11-25): POST carries the client's messages and is
 * answered with JSON or an SSE stream, GET opens the session's standalone stream (or resumes a
 * POST stream with `Last-Event-ID`), DELETE ends the session. Stateless mode serves each POST on
 * a session of its own.
 */
export class StreamableHttpFrontEnd implements FrontEnd {
  private readonly path: string;
  private readonly stateless: boolean;
  private readonly sweeper: NodeJS.Timeout;
  private readonly sessions = new Map<string, StreamableHttpTransport>();
  private readonly owners = new WeakMap<StreamableHttpTransport, string | undefined>();
  private readonly maxSessions: number;
  private inFlight = 0;

  constructor(
    private readonly server: Engine,
    private readonly options: HttpHandlerOptions,
    private readonly keepAlive: KeepAlive,
    private readonly maxBodyBytes: number,
    private readonly authGate?: AuthGate,
  ) {
    this.path = options.path ?? "/mcp";
    this.stateless = options.stateless === true;
    this.maxSessions = maxSessionsOf(options);
    const idleMs = options.sessionIdleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    this.sweeper = setInterval(
      () => this.closeIdleSessions(idleMs),
      Math.max(10, Math.min(idleMs / 2, 60_000)),
    );
    this.sweeper.unref();
  }

  serves(path: string): boolean {
    return path === this.path;
  }

  async handle(exchange: HttpExchange, cors: ResponseHeaders, extra: MessageExtra): Promise<void> {
    const { method } = exchange;
    if (method === "POST") return this.post(exchange, cors, extra);
    if (this.stateless || (method !== "GET" && method !== "DELETE")) {
      const message = this.stateless ? "Method not allowed: this server is stateless" : "Method not allowed";
      const allow = this.stateless ? "POST" : "GET, POST, DELETE";
      return fail(exchange, 405, message, { ...cors, Allow: allow });
    }
    return method === "GET"
      ? this.openStandaloneStream(exchange, cors, extra.authInfo)
      : this.terminate(exchange, cors, extra.authInfo);
  }

  busy(): boolean {
    return this.inFlight > 0;
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.allSettled([...this.sessions.values()].map((transport) => transport.close()));
  }

  private async post(exchange: HttpExchange, cors: ResponseHeaders, extra: MessageExtra): Promise<void> {
    const accepted = acceptedAnswer(exchange.headers);
    if (accepted === "neither") {
      return fail(
        exchange,
        406,
        "Not acceptable: the client must accept application/json or text/event-stream",
        cors,
      );
    }
    const read = await readMessages(exchange, cors, this.maxBodyBytes);
    if (!read) return;
    const { messages, batch, version: modern } = read;
    if (modern !== undefined) {
      const message = messages[0] as JsonRpcMessage;
      const refusal = refuseModernRequest(exchange.headers, message, modern, this.server);
      if (refusal && isRequest(message)) {
        return failRequest(exchange, refusal.status, message.id, refusal.error, cors);
      }
      if (accepted === "json" && isRequest(message) && message.method === "subscriptions/listen") {
        return fail(
          exchange,
          406,
          "Not acceptable: subscriptions/listen answers with text/event-stream",
          cors,
        );
      }
    }
    if (this.authGate?.refuseScopes(exchange, cors, this.server.registry, messages, extra.authInfo)) return;
    const requestIds: RequestId[] = [];
    let initializing = false;
    for (const message of messages) {
      if (!isRequest(message)) continue;
      requestIds.push(message.id);
      if (message.method === "initialize") initializing = true;
    }

    let transport: StreamableHttpTransport;
    // A 2026-07-28 request is stateless by nature: served alone, whatever mode the endpoint is in.
    const ephemeral = this.stateless || modern !== undefined;
    if (ephemeral) {
      transport = new StreamableHttpTransport(undefined);
      await this.server.connect(transport, STATELESS);
    } else if (initializing) {
      if (sessionIdHeader(exchange.headers) !== undefined) {
        return fail(
          exchange,
          400,
          "Bad request: initialize starts a new session and must not carry Mcp-Session-Id",
          cors,
          ErrorCode.InvalidRequest,
        );
      }
      if (messages.length > 1)
        return fail(
          exchange,
          400,
          "Bad request: initialize must be sent on its own",
          cors,
          ErrorCode.InvalidRequest,
        );
      if (this.sessions.size >= this.maxSessions) return refuseSession(exchange, cors, this.maxSessions);
      transport = new StreamableHttpTransport(crypto.randomUUID(), (ended) =>
        this.sessions.delete(ended.sessionId as string),
      );
      this.owners.set(transport, sessionOwner(extra.authInfo));
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
    // 2026 answers start as JSON, so that an error found by the handler still gets its status.
    if (this.options.json || accepted === "json" || (modern !== undefined && accepted === "either")) {
      const respond = (answers: JsonRpcMessage[]) => {
        // Every request was cancelled: nothing to answer, as for a POST of notifications.
        if (answers.length === 0) return exchange.respond(202, headers);
        const answer = batch ? answers : (answers[0] as JsonRpcMessage);
        const status = modern === undefined ? 200 : modernStatus(answer as JsonRpcMessage);
        exchange.respond(
          status,
          { ...headers, "Content-Type": "application/json" },
          stringifyJsonRpc(answer),
        );
      };
      const upgrade = () => {
        const sink = exchange.openStream(200, { ...SSE_HEADERS, ...headers });
        keepAliveTicket = this.keepAlive.watch(sink);
        return sink;
      };
      channel = ResponseChannel.json(
        new Set(requestIds),
        respond,
        accepted === "json" ? undefined : upgrade,
        settled,
      );
    } else {
      const sink = exchange.openStream(200, { ...SSE_HEADERS, ...headers });
      keepAliveTicket = this.keepAlive.watch(sink);
      const version = transport.protocolVersion ?? protocolVersionHeader(exchange.headers);
      // 2026-07-28 streams are not resumable: no priming event, no event ids.
      const streamId =
        modern === undefined && version !== undefined && version >= PRIMING_SINCE
          ? transport.openStreamId()
          : undefined;
      if (streamId !== undefined) writePriming(sink, `${streamId}_0`);
      channel = ResponseChannel.stream(new Set(requestIds), sink, streamId, settled);
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
    if (!acceptsEventStream(exchange.headers)) {
      return fail(exchange, 406, "Not acceptable: the client must accept text/event-stream", cors);
    }
    const transport = this.findSession(exchange, cors, authInfo);
    if (!transport) return;
    const lastEventId = lastEventIdHeader(exchange.headers);
    if (lastEventId !== undefined) return this.resumeStream(exchange, cors, transport, lastEventId);
    if (transport.standalone && !transport.standalone.closed) {
      return fail(exchange, 409, "Conflict: this session already has a GET stream open", cors);
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
    const sessionId = sessionIdHeader(exchange.headers);
    if (sessionId === undefined) {
      fail(exchange, 400, "Bad request: Mcp-Session-Id header is required", cors);
      return undefined;
    }
    const transport = this.sessions.get(sessionId);
    // A session is only usable by the identity that opened it; anyone else gets the same 404.
    if (!transport || this.owners.get(transport) !== sessionOwner(authInfo)) {
      fail(exchange, 404, "Session not found", cors);
      return undefined;
    }
    return transport;
  }

  private closeIdleSessions(idleMs: number): void {
    const cutoff = Date.now() - idleMs;
    for (const transport of this.sessions.values()) {
      const streaming = transport.standalone !== undefined && !transport.standalone.closed;
      if (!transport.busy && !streaming && transport.lastActivity < cutoff) void transport.close();
    }
  }
}

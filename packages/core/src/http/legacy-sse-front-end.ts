import { sessionOwner } from "../auth/principal.js";
import type { Engine } from "../engine/engine.js";
import type { MessageExtra } from "../protocol/transport.js";
import type { AuthGate } from "./auth-gate.js";
import type { FrontEnd, ResponseHeaders } from "./front-end.js";
import type { HttpExchange } from "./http-exchange.js";
import type { HttpHandlerOptions } from "./http-options.js";
import { fail, readMessages } from "./http-replies.js";
import { LegacySseTransport } from "./legacy-sse-transport.js";
import { maxSessionsOf, refuseSession } from "./session-limit.js";
import type { KeepAlive } from "./sse-event.js";
import { SSE_HEADERS } from "./sse-event.js";

/**
 * The legacy HTTP+SSE transport (protocol 2024-11-05): GET on the endpoint opens the stream that
 * carries everything the server sends, and announces where to POST messages (`messagesPath`).
 */
export class LegacySseFrontEnd implements FrontEnd {
  private readonly path: string;
  private readonly messagesPath: string;
  private readonly sessions = new Map<string, LegacySseTransport>();
  private readonly owners = new WeakMap<LegacySseTransport, string | undefined>();
  private readonly maxSessions: number;

  constructor(
    private readonly server: Engine,
    options: HttpHandlerOptions,
    private readonly keepAlive: KeepAlive,
    private readonly maxBodyBytes: number,
    private readonly authGate?: AuthGate,
  ) {
    this.path = options.path ?? "/sse";
    this.messagesPath = options.messagesPath ?? "/messages";
    this.maxSessions = maxSessionsOf(options);
  }

  serves(path: string): boolean {
    return path === this.path || path === this.messagesPath;
  }

  async handle(exchange: HttpExchange, cors: ResponseHeaders, extra: MessageExtra): Promise<void> {
    const path = exchange.url.pathname;
    if (path === this.path && exchange.method === "GET") return this.openStream(exchange, cors, extra);
    if (path === this.messagesPath && exchange.method === "POST") return this.post(exchange, cors, extra);
    return fail(exchange, 405, "Method not allowed", { ...cors, Allow: path === this.path ? "GET" : "POST" });
  }

  busy(): boolean {
    for (const transport of this.sessions.values()) if (transport.pending.size > 0) return true;
    return false;
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.sessions.values()].map((transport) => transport.close()));
  }

  private async openStream(
    exchange: HttpExchange,
    cors: ResponseHeaders,
    extra: MessageExtra,
  ): Promise<void> {
    if (this.sessions.size >= this.maxSessions) return refuseSession(exchange, cors, this.maxSessions);
    const sink = exchange.openStream(200, { ...SSE_HEADERS, ...cors }, true);
    const transport = new LegacySseTransport(crypto.randomUUID(), sink, (ended) =>
      this.sessions.delete(ended.sessionId),
    );
    this.owners.set(transport, sessionOwner(extra.authInfo));
    this.sessions.set(transport.sessionId, transport);
    exchange.onAbort(() => void transport.close());
    this.keepAlive.watch(sink);
    await this.server.connect(transport);
    sink.write(
      `event: endpoint\ndata: ${this.messagesPath}?sessionId=${encodeURIComponent(transport.sessionId)}\n\n`,
    );
  }

  private async post(exchange: HttpExchange, cors: ResponseHeaders, extra: MessageExtra): Promise<void> {
    const sessionId = exchange.url.searchParams.get("sessionId");
    if (!sessionId) return fail(exchange, 400, "Bad request: sessionId query parameter is required", cors);
    const transport = this.sessions.get(sessionId);
    if (!transport || this.owners.get(transport) !== sessionOwner(extra.authInfo)) {
      return fail(exchange, 404, "Session not found", cors);
    }
    const read = await readMessages(exchange, cors, this.maxBodyBytes);
    if (!read) return;
    if (this.authGate?.refuseScopes(exchange, cors, this.server.registry, read.messages, extra.authInfo))
      return;
    exchange.respond(202, cors, "Accepted");
    transport.receive(read.messages, extra);
  }
}

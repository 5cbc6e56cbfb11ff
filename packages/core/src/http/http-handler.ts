import type { IncomingMessage, ServerResponse } from "node:http";
import type { Engine } from "../engine/engine.js";
import { ErrorCode } from "../protocol/messages.js";
import type { MessageExtra } from "../protocol/transport.js";
import { AuthGate } from "./auth-gate.js";
import { FetchExchange } from "./fetch-exchange.js";
import type { FrontEnd } from "./front-end.js";
import { type HttpExchange, NodeExchange } from "./http-exchange.js";
import type { HttpHandler, HttpHandlerOptions, HttpRoute } from "./http-options.js";
import { fail } from "./http-replies.js";
import { LegacySseFrontEnd } from "./legacy-sse-front-end.js";
import { originHeader } from "./mcp-headers.js";
import { corsHeaders, preflightHeaders, RequestGuard } from "./request-guard.js";
import { KeepAlive } from "./sse-event.js";
import { StreamableHttpFrontEnd } from "./streamable-http-front-end.js";

const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
const DEFAULT_KEEP_ALIVE_MS = 15_000;

/**
 * The MCP endpoint behind `run()` and `createHttpHandler`: what every front end shares (health
 * check, Host/Origin guard, CORS, custom routes, shutdown, authentication), then the front end
 * that speaks the configured transport.
 */
export class McpHttpHandler implements HttpHandler {
  private readonly guard: RequestGuard;
  private readonly healthPath: string | undefined;
  private readonly routes: Map<string, HttpRoute>;
  private readonly keepAlive: KeepAlive;
  private readonly frontEnd: FrontEnd;
  private readonly authGate: AuthGate | undefined;
  private draining = false;

  constructor(
    private readonly server: Engine,
    private readonly options: HttpHandlerOptions & { transport?: "http" | "sse" },
    boundHost?: string,
  ) {
    this.guard = new RequestGuard(options, boundHost);
    this.healthPath = options.healthPath === false ? undefined : (options.healthPath ?? "/health");
    this.routes = new Map(Object.entries(options.routes ?? {}));
    this.keepAlive = new KeepAlive(options.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS);
    const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    const endpointPath = options.path ?? (options.transport === "sse" ? "/sse" : "/mcp");
    this.authGate = options.auth ? new AuthGate(options.auth, endpointPath) : undefined;
    this.frontEnd =
      options.transport === "sse"
        ? new LegacySseFrontEnd(server, options, this.keepAlive, maxBodyBytes, this.authGate)
        : new StreamableHttpFrontEnd(server, options, this.keepAlive, maxBodyBytes, this.authGate);
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
    // Listen streams never finish on their own: answer them (their graceful end) before draining.
    await this.server.listens.closeAll();
    const deadline = Date.now() + timeoutMs;
    while (this.frontEnd.busy() && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 10));
    await this.frontEnd.close();
    this.keepAlive.stop();
  }

  async handle(exchange: HttpExchange): Promise<void> {
    try {
      await this.route(exchange);
    } catch (error) {
      this.server.logger.error("HTTP request failed", error, { path: exchange.url.pathname });
      fail(exchange, 500, "Internal server error", {}, ErrorCode.InternalError);
    }
  }

  private async respondWithHealth(exchange: HttpExchange): Promise<void> {
    const report = this.options.health ? await this.options.health() : { ok: true };
    if (!report.ok) this.server.logger.log("warning", "health check failed", { error: report.error });
    const [status, body] = report.ok ? [200, '{"status":"ok"}'] : [503, '{"status":"unavailable"}'];
    exchange.respond(status, { "Content-Type": "application/json" }, body);
  }

  private async route(exchange: HttpExchange): Promise<void> {
    const { method } = exchange;
    const path = exchange.url.pathname;
    if (path === this.healthPath && method === "GET") return this.respondWithHealth(exchange);
    const refused = this.guard.problem(exchange.headers);
    if (refused) return fail(exchange, 403, `Forbidden: ${refused}`);
    const origin = originHeader(exchange.headers);
    const cors = corsHeaders(this.options.cors, origin);
    if (method === "OPTIONS" && this.options.cors) {
      exchange.respond(204, preflightHeaders(this.options.cors, origin));
      return;
    }
    if (method === "GET" && this.authGate?.servesMetadata(path))
      return this.authGate.respondWithMetadata(exchange, cors);
    const custom = this.routes.get(`${method} ${path}`) ?? this.routes.get(path);
    if (custom) return exchange.send(await custom(exchange.toRequest()));

    if (!this.frontEnd.serves(path)) return fail(exchange, 404, `Not found: ${path}`, cors);
    if (this.draining)
      return fail(exchange, 503, "The server is shutting down", { ...cors, Connection: "close" });
    let authInfo: MessageExtra["authInfo"];
    if (this.authGate) {
      const auth = await this.authGate.authenticate(exchange);
      if (!auth.ok) {
        // The reason is an error's name: a token or a claim never reaches the log.
        this.server.logger.log("debug", "token refused", { status: auth.status, reason: auth.reason });
        return fail(exchange, auth.status, auth.message, { ...cors, ...auth.headers });
      }
      authInfo = auth.authInfo;
    }
    const extra: MessageExtra = { authInfo, requestInfo: { headers: exchange.headers } };
    return this.frontEnd.handle(exchange, cors, extra);
  }
}

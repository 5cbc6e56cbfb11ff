import { STATUS_CODES } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { RateLimiter, ToolError } from "@mcpkit/core";
import { Agent, type Dispatcher } from "undici";
import { readCappedBody } from "./capped-body.js";
import { ConcurrencyGate } from "./concurrency-gate.js";
import type { Redactor } from "./redactor.js";
import { backoffDelay, isIdempotent, isRetryableStatus, parseRetryAfter } from "./retry-policy.js";
import { BlockedAddressError, createSafeLookup, literalAddressReason } from "./safe-lookup.js";
import type { Upstream } from "./upstream.js";
import { checkRedirect, type UpstreamTarget } from "./upstream-path.js";

export interface UpstreamRequest {
  method: string;
  target: UpstreamTarget;
  body?: string;
  /** Extra headers (an OpenAPI operation's header parameters); config headers and auth win. */
  headers?: Record<string, string>;
}

export interface UpstreamResponse {
  status: number;
  statusText: string;
  contentType: string;
  body: Buffer;
  /** The final URL without credentials, safe to show. */
  url: string;
}

/** One line per upstream request for the server log: never the query, body or headers. */
export type RequestLog = (fields: Record<string, unknown>) => void;

/** Waits between attempts; tests pass a fake that records the wait and returns at once. */
export type RetryWait = (ms: number, signal: AbortSignal | undefined) => Promise<void>;

const timer: RetryWait = (ms, signal) => sleep(ms, undefined, { signal });

const MAX_REDIRECTS = 5;
const MAX_RETRY_WAIT_MS = 10_000;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const RETRYABLE_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
]);
const USER_AGENT = "mcpkit-api-gateway/0.1";

/**
 * The only way the gateway talks to an upstream. Every request is checked against the upstream's
 * allowed methods, rate limit and concurrency cap; connects only to addresses the SSRF policy
 * accepts (checked at connect time); follows redirects itself, re-checking each one; retries
 * idempotent requests on 429/502/503/504 honouring `Retry-After`; and stops reading at the byte cap.
 */
export class UpstreamClient {
  private readonly agent: Agent;
  private readonly limiter: RateLimiter | undefined;
  private readonly gate: ConcurrencyGate;

  constructor(
    readonly upstream: Upstream,
    private readonly redact: Redactor,
    private readonly log: RequestLog,
    private readonly wait: RetryWait = timer,
  ) {
    const { timeouts } = upstream;
    this.agent = new Agent({
      connect: { lookup: createSafeLookup(upstream.allowPrivateNetwork), timeout: timeouts.connectMs },
      headersTimeout: timeouts.headersMs,
      bodyTimeout: timeouts.headersMs,
      connections: upstream.maxConcurrency,
    });
    this.limiter = upstream.rateLimit ? new RateLimiter(upstream.rateLimit) : undefined;
    this.gate = new ConcurrencyGate(upstream.name, upstream.maxConcurrency, upstream.maxQueue);
  }

  async send(request: UpstreamRequest, cancelled: AbortSignal): Promise<UpstreamResponse> {
    const { upstream } = this;
    const method = request.method.toUpperCase();
    if (!(upstream.allowedMethods as string[]).includes(method)) {
      throw new ToolError(
        `${method} is not allowed for upstream ${upstream.name} (allowed: ${upstream.allowedMethods.join(", ")})`,
      );
    }
    const wait = this.limiter?.take() ?? 0;
    if (wait > 0) {
      throw new ToolError(
        `Rate limit for upstream ${upstream.name} (${upstream.rateLimit}) reached; retry in ${Math.ceil(wait / 1000)} s`,
      );
    }
    const literal = literalAddressReason(upstream.baseUrl.hostname, upstream.allowPrivateNetwork);
    if (literal)
      throw new ToolError(
        `Upstream ${upstream.name} is at a ${literal} address, which is not allowed${PRIVATE_HINT}`,
      );

    const total = AbortSignal.timeout(upstream.timeouts.totalMs);
    const signal = AbortSignal.any([cancelled, total]);
    const started = performance.now();
    const fields: Record<string, unknown> = { upstream: upstream.name, method, path: request.target.path };
    let release: (() => void) | undefined;
    try {
      release = await this.gate.acquire(signal);
      const deadline = started + upstream.timeouts.totalMs;
      const response = await this.exchange(method, request, signal, deadline, fields);
      fields.status = response.status;
      fields.bytes = response.body.byteLength;
      return response;
    } catch (error) {
      if (cancelled.aborted && !total.aborted) throw error;
      const explained = this.explain(error, total.aborted);
      fields.error = explained.message;
      throw explained;
    } finally {
      release?.();
      fields.durationMs = Math.round(performance.now() - started);
      this.log(fields);
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  private async exchange(
    startMethod: string,
    request: UpstreamRequest,
    signal: AbortSignal,
    deadline: number,
    fields: Record<string, unknown>,
  ): Promise<UpstreamResponse> {
    const { upstream } = this;
    let method = startMethod;
    let body = request.body;
    let target = request.target;
    let redirects = 0;
    let retries = 0;
    for (;;) {
      fields.attempts = (Number(fields.attempts) || 0) + 1;
      let response: Dispatcher.ResponseData;
      try {
        response = await this.agent.request({
          origin: upstream.baseUrl.origin,
          path: this.requestPath(target),
          method: method as Dispatcher.HttpMethod,
          headers: this.headers(request.headers, body),
          body: body ?? null,
          signal,
        });
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code && RETRYABLE_CODES.has(code) && isIdempotent(method) && retries < upstream.retries) {
          retries++;
          await this.wait(backoffDelay(retries), signal);
          continue;
        }
        throw error;
      }
      const status = response.statusCode;
      const header = (name: string) => {
        const value = response.headers[name];
        return Array.isArray(value) ? value[0] : value;
      };
      const location = header("location");
      if (REDIRECTS.has(status) && location !== undefined) {
        await response.body.dump();
        if (++redirects > MAX_REDIRECTS)
          throw new ToolError(`Upstream ${upstream.name} redirected more than ${MAX_REDIRECTS} times`);
        target = checkRedirect(upstream.baseUrl, new URL(this.displayUrl(target)), location);
        if (status === 303 || ((status === 301 || status === 302) && method === "POST")) {
          method = "GET";
          body = undefined;
        }
        continue;
      }
      if (isRetryableStatus(status) && isIdempotent(method) && retries < upstream.retries) {
        const delay = parseRetryAfter(header("retry-after")) ?? backoffDelay(retries + 1);
        // Waiting past the total timeout would only turn a clear 429 into a vague timeout.
        if (delay <= MAX_RETRY_WAIT_MS && performance.now() + delay < deadline) {
          await response.body.dump();
          retries++;
          await this.wait(delay, signal);
          continue;
        }
      }
      const bytes = await readCappedBody(
        response.body,
        header("content-encoding"),
        upstream.maxResponseBytes,
      );
      const contentType = header("content-type") ?? "";
      return {
        status,
        statusText: STATUS_CODES[status] ?? "",
        contentType,
        body: this.scrub(bytes, contentType),
        url: this.displayUrl(target),
      };
    }
  }

  /** Text bodies with secrets masked; a binary body that contains one is not shown at all. */
  private scrub(bytes: Buffer, contentType: string): Buffer {
    if (isText(contentType)) return Buffer.from(this.redact.text(bytes.toString("utf8")));
    if (this.redact.appearsIn(bytes)) {
      throw new ToolError(
        `The response from upstream ${this.upstream.name} contains its credential, so it is not shown`,
      );
    }
    return bytes;
  }

  /** The path and query sent, with the API key added when the upstream takes it in the query. */
  private requestPath(target: UpstreamTarget): string {
    const query = new URLSearchParams(target.query);
    const auth = this.upstream.auth;
    if (auth?.type === "query") query.set(auth.name, auth.value);
    const search = query.toString();
    return search ? `${target.path}?${search}` : target.path;
  }

  /** What may be shown: the URL without the credential. */
  private displayUrl(target: UpstreamTarget): string {
    const search = target.query.toString();
    return `${this.upstream.baseUrl.origin}${target.path}${search ? `?${search}` : ""}`;
  }

  private headers(extra: Record<string, string> = {}, body: string | undefined): Record<string, string> {
    const headers: Record<string, string> = {
      "user-agent": USER_AGENT,
      accept: "application/json, text/*;q=0.9, */*;q=0.8",
    };
    for (const [name, value] of Object.entries(extra)) headers[name.toLowerCase()] = value;
    for (const [name, value] of Object.entries(this.upstream.headers)) headers[name.toLowerCase()] = value;
    headers["accept-encoding"] = "gzip, deflate, br";
    if (body !== undefined && headers["content-type"] === undefined)
      headers["content-type"] = "application/json";
    const auth = this.upstream.auth;
    if (auth?.type === "bearer") headers.authorization = `Bearer ${auth.value}`;
    else if (auth?.type === "header") headers[auth.name.toLowerCase()] = auth.value;
    return headers;
  }

  /** Every failure becomes a ToolError the model can read, with secrets masked. */
  private explain(error: unknown, timedOut: boolean): ToolError {
    const name = this.upstream.name;
    const blocked = findCause(
      error,
      (cause): cause is BlockedAddressError => cause instanceof BlockedAddressError,
    );
    let message: string;
    if (blocked) message = `Upstream ${name} refused: ${blocked.message}${PRIVATE_HINT}`;
    else if (error instanceof ToolError) message = error.message;
    else if (timedOut)
      message = `Upstream ${name} did not finish within ${this.upstream.timeouts.totalMs} ms`;
    else message = describeNetworkError(name, error, this.upstream.timeouts);
    return new ToolError(this.redact.text(message), { cause: error });
  }
}

const PRIVATE_HINT = " (private networks need allowPrivateNetwork: true in the gateway config)";

function describeNetworkError(name: string, error: unknown, timeouts: Upstream["timeouts"]): string {
  const code = findCause(
    error,
    (cause): cause is Error & { code: string } => typeof (cause as { code?: unknown }).code === "string",
  )?.code;
  switch (code) {
    case "UND_ERR_CONNECT_TIMEOUT":
      return `Could not connect to upstream ${name} within ${timeouts.connectMs} ms`;
    case "UND_ERR_HEADERS_TIMEOUT":
      return `Upstream ${name} sent no response within ${timeouts.headersMs} ms`;
    case "UND_ERR_BODY_TIMEOUT":
      return `Upstream ${name} stalled for ${timeouts.headersMs} ms while sending its response`;
    case "ECONNREFUSED":
      return `Upstream ${name} refused the connection`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `Upstream ${name}'s host name could not be resolved`;
    default:
      return `Request to upstream ${name} failed${code ? ` (${code})` : ""}`;
  }
}

function findCause<T>(error: unknown, test: (cause: unknown) => cause is T): T | undefined {
  let current = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 8; depth++) {
    if (test(current)) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function isText(contentType: string): boolean {
  return contentType === "" || /^text\/|json|xml|javascript|x-www-form-urlencoded/i.test(contentType);
}

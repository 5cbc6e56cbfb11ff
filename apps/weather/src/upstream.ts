import { setTimeout as sleep } from "node:timers/promises";
import { ToolError } from "@mcpkit/core";
import { Agent, type Dispatcher, request } from "undici";
import type { z } from "zod";

export interface UpstreamOptions {
  /** Whole budget for one call, retries and waits included. */
  timeoutMs: number;
  /** Extra attempts after the first, on 429, 5xx and dropped connections. */
  retries: number;
  /** First backoff delay; doubles each retry, with jitter. */
  backoffMs: number;
  /** The longest `Retry-After` we honour; a longer one fails fast instead of hanging. */
  maxRetryAfterMs: number;
  maxResponseBytes: number;
  userAgent: string;
  /** Defaults to one shared keep-alive agent; tests may pass an undici MockAgent. */
  dispatcher?: Dispatcher;
  random?: () => number;
  /** Waits between attempts; defaults to a timer. Tests pass a fake to check waits without taking them. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** The clock the budget is kept on; defaults to `Date.now`, a fake one goes with a fake `sleep`. */
  now?: () => number;
}

export const defaultUpstreamOptions: UpstreamOptions = {
  timeoutMs: 10_000,
  retries: 2,
  backoffMs: 250,
  maxRetryAfterMs: 5_000,
  maxResponseBytes: 2 * 1024 * 1024,
  userAgent: "mcpkit-weather/0.1",
};

/** An upstream failure the model can act on: its message names the provider and what happened. */
export class UpstreamError extends ToolError {
  override name = "UpstreamError";
}

interface Attempt {
  failure: string;
  retryAfterMs?: number;
}

/**
 * GETs JSON from public weather APIs over one keep-alive agent, with an overall deadline,
 * bounded retries (exponential backoff with jitter, `Retry-After` honoured up to a cap), a
 * response size cap, and zod validation; every failure becomes an `UpstreamError`.
 */
export class Upstream {
  readonly options: UpstreamOptions;
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;

  constructor(options: Partial<UpstreamOptions> = {}) {
    this.options = { ...defaultUpstreamOptions, ...options };
    const { timeoutMs } = this.options;
    this.ownsDispatcher = options.dispatcher === undefined;
    this.dispatcher =
      options.dispatcher ??
      new Agent({
        keepAliveTimeout: 30_000,
        connections: 8,
        connect: { timeout: Math.min(timeoutMs, 5_000) },
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
  }

  async getJson<T>(provider: string, url: URL, schema: z.ZodType<T>, signal?: AbortSignal): Promise<T> {
    const { timeoutMs, retries } = this.options;
    const deadline = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, deadline]) : deadline;
    const now = this.options.now ?? Date.now;
    const started = now();
    for (let attempt = 1; ; attempt++) {
      let outcome: Attempt;
      try {
        const text = await this.attempt(provider, url, combined);
        if (typeof text === "string") return parseJson(provider, text, schema);
        outcome = text;
      } catch (error) {
        outcome = this.classify(provider, error, signal, deadline);
      }
      if (attempt > retries) {
        const tries = attempt === 1 ? "" : ` after ${attempt} attempts`;
        throw new UpstreamError(`${provider} ${outcome.failure}${tries}. Try again later.`);
      }
      const wait = outcome.retryAfterMs ?? this.backoff(attempt);
      if (outcome.retryAfterMs !== undefined && outcome.retryAfterMs > this.options.maxRetryAfterMs) {
        throw new UpstreamError(
          `${provider} ${outcome.failure} and asked to wait ${seconds(outcome.retryAfterMs)} (Retry-After). Try again later.`,
        );
      }
      if (now() - started + wait >= timeoutMs) {
        throw new UpstreamError(
          `${provider} ${outcome.failure}; retrying would exceed the ${seconds(timeoutMs)} limit. Try again later.`,
        );
      }
      try {
        await (this.options.sleep ?? timer)(wait, combined);
      } catch (error) {
        throw this.abortError(provider, error, signal);
      }
    }
  }

  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close();
  }

  /** The body text on success, or why this attempt may be retried; throws when it may not. */
  private async attempt(provider: string, url: URL, signal: AbortSignal): Promise<string | Attempt> {
    const response = await request(url, {
      method: "GET",
      dispatcher: this.dispatcher,
      signal,
      headers: { accept: "application/json, application/geo+json", "user-agent": this.options.userAgent },
    });
    const { statusCode, headers, body } = response;
    if (statusCode >= 200 && statusCode < 300) {
      const declared = Number(headers["content-length"]);
      if (declared > this.options.maxResponseBytes) {
        body.destroy();
        throw new UpstreamError(
          `${provider} sent a response larger than ${bytes(this.options.maxResponseBytes)}.`,
        );
      }
      return readCapped(provider, body, this.options.maxResponseBytes);
    }
    const detail = await readCapped(provider, body, 16 * 1024).catch(() => "");
    if (statusCode === 429 || statusCode >= 500) {
      const attempt: Attempt = { failure: `failed (HTTP ${statusCode}${statusText(statusCode)})` };
      const retryAfterMs = parseRetryAfter(headers["retry-after"]);
      if (retryAfterMs !== undefined) attempt.retryAfterMs = retryAfterMs;
      return attempt;
    }
    const reason = upstreamReason(detail);
    throw new UpstreamError(
      `${provider} rejected the request (HTTP ${statusCode}${statusText(statusCode)})${reason ? `: ${reason}` : "."}`,
    );
  }

  private classify(
    provider: string,
    error: unknown,
    signal: AbortSignal | undefined,
    deadline: AbortSignal,
  ): Attempt {
    if (error instanceof UpstreamError) throw error;
    if (signal?.aborted || deadline.aborted) throw this.abortError(provider, error, signal);
    const code = errorCode(error);
    if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") {
      throw new UpstreamError(
        `${provider} did not answer within ${seconds(this.options.timeoutMs)} (timeout). Try again later.`,
        { cause: error },
      );
    }
    if (code === "UND_ERR_CONNECT_TIMEOUT") return { failure: "could not be reached (connect timeout)" };
    if (code !== undefined && TRANSIENT_CODES.has(code)) return { failure: `could not be reached (${code})` };
    throw new UpstreamError(
      `${provider} request failed: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  }

  private abortError(provider: string, error: unknown, signal: AbortSignal | undefined): Error {
    if (signal?.aborted)
      return signal.reason instanceof Error ? signal.reason : new Error("Request cancelled");
    return new UpstreamError(
      `${provider} did not answer within ${seconds(this.options.timeoutMs)} (timeout). Try again later.`,
      { cause: error },
    );
  }

  private backoff(attempt: number): number {
    const base = this.options.backoffMs * 2 ** (attempt - 1);
    return Math.round(base * (0.5 + (this.options.random ?? Math.random)() / 2));
  }
}

async function readCapped(
  provider: string,
  body: Dispatcher.ResponseData["body"],
  limit: number,
): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    total += buffer.length;
    if (total > limit) {
      body.destroy();
      throw new UpstreamError(`${provider} sent a response larger than ${bytes(limit)}.`);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function parseJson<T>(provider: string, text: string, schema: z.ZodType<T>): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UpstreamError(`${provider} returned a response that is not valid JSON. Try again later.`, {
      cause: error,
    });
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join(".")}` : "";
  throw new UpstreamError(
    `${provider} returned an unexpected response (${issue?.message ?? "invalid"}${where}). Try again later.`,
    { cause: parsed.error },
  );
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text.trim() === "") return undefined;
  if (/^\d+$/.test(text.trim())) return Number(text.trim()) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Open-Meteo answers `{"error":true,"reason":"..."}`; NWS answers problem+json with `detail`. */
function upstreamReason(body: string): string | undefined {
  try {
    const value = JSON.parse(body) as { reason?: unknown; detail?: unknown; title?: unknown };
    const reason = value.reason ?? value.detail ?? value.title;
    return typeof reason === "string" ? reason.slice(0, 300) : undefined;
  } catch {
    return undefined;
  }
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string") return code;
  const cause = (error as { cause?: unknown } | null)?.cause;
  return cause === undefined ? undefined : errorCode(cause);
}

/** Network failures worth another attempt: the next connection may well succeed. */
const TRANSIENT_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "ENOTFOUND",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
]);

const STATUS_TEXT: Record<number, string> = {
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
  400: "Bad Request",
  404: "Not Found",
};

function statusText(status: number): string {
  const text = STATUS_TEXT[status];
  return text ? ` ${text}` : "";
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

function bytes(count: number): string {
  return count >= 1024 * 1024 ? `${Math.round(count / 1024 / 1024)} MB` : `${Math.round(count / 1024)} KB`;
}

function timer(ms: number, signal: AbortSignal): Promise<void> {
  return sleep(ms, undefined, { signal });
}

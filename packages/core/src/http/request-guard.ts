import type { HeaderMap } from "./http-exchange.js";
import type { CorsOptions, HttpHandlerOptions } from "./http-options.js";
import { hostHeader, originHeader } from "./mcp-headers.js";

const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]"];

export function isLoopback(host: string): boolean {
  return LOOPBACK_HOSTS.includes(host) || host === "::1";
}

/**
 * DNS-rebinding protection: a page on evil.example that resolves to 127.0.0.1 reaches us with
 * `Host: evil.example` and `Origin: http://evil.example`; both must name something we serve.
 */
export class RequestGuard {
  private readonly hosts: Set<string> | undefined;
  private readonly origins: Set<string>;
  private readonly anyOrigin: boolean;
  private readonly enabled: boolean;

  /** `boundHost` is the interface served on, when known; a non-loopback one accepts any Host unless listed. */
  constructor(options: HttpHandlerOptions, boundHost?: string) {
    this.enabled = options.dnsRebindingProtection !== false;
    const listed = options.allowedHosts?.map((host) => stripPort(host.toLowerCase()));
    const loopbackOnly = boundHost === undefined || isLoopback(boundHost);
    this.hosts = listed ? new Set(listed) : loopbackOnly ? new Set(LOOPBACK_HOSTS) : undefined;
    this.anyOrigin = options.cors?.origin === "*";
    this.origins = new Set([
      ...(options.allowedOrigins ?? []),
      ...(Array.isArray(options.cors?.origin) ? options.cors.origin : []),
    ]);
  }

  /** Why the request must be refused, or undefined when it may proceed. */
  problem(headers: HeaderMap): string | undefined {
    if (!this.enabled) return undefined;
    const host = hostHeader(headers);
    if (this.hosts) {
      if (!host || !this.hosts.has(stripPort(host.toLowerCase())))
        return `Host not allowed: ${host ?? "(none)"}`;
    }
    const origin = originHeader(headers);
    if (origin === undefined || this.anyOrigin || this.origins.has(origin)) return undefined;
    let originHost: string;
    try {
      originHost = new URL(origin).host.toLowerCase();
    } catch {
      return `Origin not allowed: ${origin}`;
    }
    // No "same origin as Host" pass: with Host unchecked (a non-loopback bind without allowedHosts),
    // a rebinding page controls both headers, so only loopback and listed names get through.
    const name = stripPort(originHost);
    if (isLoopback(name) || this.hosts?.has(name)) return undefined;
    return `Origin not allowed: ${origin}`;
  }
}

function stripPort(host: string): string {
  if (host.startsWith("[")) return host.slice(0, host.indexOf("]") + 1);
  const colon = host.indexOf(":");
  return colon === -1 ? host : host.slice(0, colon);
}

const ALLOWED_HEADERS =
  "Content-Type, Accept, Authorization, Mcp-Session-Id, MCP-Protocol-Version, Last-Event-ID";

/** CORS response headers for a request from `origin`, or none when CORS is off or the origin is not allowed. */
export function corsHeaders(
  cors: CorsOptions | undefined,
  origin: string | undefined,
): Record<string, string> {
  if (!cors || origin === undefined) return {};
  if (cors.origin !== "*" && !cors.origin.includes(origin)) return {};
  return {
    "Access-Control-Allow-Origin": cors.origin === "*" ? "*" : origin,
    "Access-Control-Expose-Headers": "Mcp-Session-Id, MCP-Protocol-Version, WWW-Authenticate",
    Vary: "Origin",
  };
}

export function preflightHeaders(cors: CorsOptions, origin: string | undefined): Record<string, string> {
  const headers = corsHeaders(cors, origin);
  if (!headers["Access-Control-Allow-Origin"]) return headers;
  return {
    ...headers,
    "Access-Control-Allow-Methods": "GET, POST, DELETE, OPTIONS",
    "Access-Control-Allow-Headers": ALLOWED_HEADERS,
    "Access-Control-Max-Age": String(cors.maxAge ?? 600),
  };
}

import type { OpenAPIDocument, OperationMatcher, RateLimitSpec, RouteRule } from "@mcpkit/core";

export const HTTP_METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** Credentials for an upstream, already read from the environment. Never shown, never logged. */
export interface UpstreamAuth {
  type: "bearer" | "header" | "query";
  /** The header (`authorization` for bearer) or query parameter that carries it. */
  name: string;
  value: string;
}

export interface UpstreamTimeouts {
  connectMs: number;
  headersMs: number;
  totalMs: number;
}

export interface UpstreamOpenAPI {
  document: OpenAPIDocument;
  include?: OperationMatcher[];
  exclude?: OperationMatcher[];
  routeMap?: RouteRule[];
}

/** One API the model may call, as validated from the config file (see config.ts for defaults). */
export interface Upstream {
  name: string;
  description: string;
  baseUrl: URL;
  auth?: UpstreamAuth;
  allowedMethods: HttpMethod[];
  headers: Record<string, string>;
  timeouts: UpstreamTimeouts;
  retries: number;
  rateLimit?: RateLimitSpec;
  maxConcurrency: number;
  maxQueue: number;
  maxResponseBytes: number;
  allowPrivateNetwork: boolean;
  openapi?: UpstreamOpenAPI;
}

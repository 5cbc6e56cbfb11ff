import { z } from "zod";
import type { ResponseCache } from "../response-cache.js";
import type { RenderedResponse } from "../response-content.js";
import type { Upstream } from "../upstream.js";
import type { UpstreamClient } from "../upstream-client.js";

/** What the tools share: the configured upstreams, a client for each, the response cache. */
export interface GatewayDeps {
  upstreams: readonly Upstream[];
  /** The client of a configured upstream (the tools' input enums allow no other name). */
  client(name: string): UpstreamClient;
  cache: ResponseCache<RenderedResponse>;
  /** The tools and resources generated from each upstream's OpenAPI document, for list_upstreams. */
  generated: ReadonlyMap<string, string[]>;
}

const DEFAULT_PAGE = 20_000;

const queryValue = z.union([z.string(), z.number(), z.boolean()]);
export const queryParams = z
  .record(z.string(), z.union([queryValue, z.array(queryValue)]))
  .optional()
  .describe('Query parameters, e.g. {"q": "mcp", "per_page": 5}; arrays repeat the key');
export const startIndex = z
  .number()
  .int()
  .min(0)
  .default(0)
  .describe("Character offset to read from, for long responses; the previous page says what to pass");
export const maxLength = z
  .number()
  .int()
  .min(100)
  .max(100_000)
  .default(DEFAULT_PAGE)
  .describe("Most characters to return");

export function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

export function appendQuery(query: URLSearchParams, params: Record<string, unknown> | undefined): void {
  for (const [key, value] of Object.entries(params ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) query.append(key, String(item));
  }
}

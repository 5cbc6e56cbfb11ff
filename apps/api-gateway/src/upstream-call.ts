import { type CallToolResult, ToolError } from "@mcpkit/core";
import type { ResponseCache } from "./response-cache.js";
import {
  fitsOnePage,
  type Page,
  type RenderedResponse,
  renderResponse,
  toToolResult,
} from "./response-content.js";
import type { UpstreamClient } from "./upstream-client.js";
import type { UpstreamTarget } from "./upstream-path.js";

export interface UpstreamCall {
  method: string;
  target: UpstreamTarget;
  body?: string;
  /** The body's type; JSON unless said otherwise. */
  contentType?: string;
  page: Page;
}

/**
 * One call as the model sees it: sent through the upstream's client, rendered, and paged. A long
 * body is kept in the cache, so `start_index` reads the rest without sending the request again
 * (and a POST's later pages can only come from the cache, never from a second POST).
 */
export async function callUpstream(
  client: UpstreamClient,
  cache: ResponseCache<RenderedResponse>,
  call: UpstreamCall,
  signal: AbortSignal,
): Promise<CallToolResult> {
  const { method, target, body, page } = call;
  const what = `${client.upstream.name} ${method} ${target.path}`;
  const key = JSON.stringify([
    client.upstream.name,
    method,
    target.path,
    target.query.toString(),
    body ?? null,
  ]);
  if (page.startIndex > 0) {
    const cached = cache.get(key);
    if (cached) return toToolResult(cached, what, page);
    if (method !== "GET" && method !== "HEAD") {
      throw new ToolError(
        `No cached response for ${what} to page through (responses are kept briefly). Call again without start_index to send the request again.`,
      );
    }
  }
  const headers = { "content-type": call.contentType ?? "application/json" };
  const request = body === undefined ? { method, target } : { method, target, body, headers };
  const rendered = renderResponse(await client.send(request, signal));
  if (!fitsOnePage(rendered, page) && rendered.status < 400) cache.set(key, rendered);
  return toToolResult(rendered, what, page);
}

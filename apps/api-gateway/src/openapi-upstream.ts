import {
  type HttpMethod as CoreMethod,
  type FastMCP,
  type OpenAPIImport,
  registerOpenAPI,
  ToolError,
} from "@mcpkit/core";
import { HTTP_METHODS } from "./upstream.js";
import type { UpstreamClient, UpstreamResponse } from "./upstream-client.js";
import { resolveEndpoint, withTrailingSlash } from "./upstream-path.js";

/** Header parameters an operation may send; anything about credentials or the connection is dropped. */
const PASSED_HEADER = /^(?:content-type|accept|accept-language|if-match|if-none-match|x-[a-z0-9-]+)$/i;

/**
 * Adds an upstream's OpenAPI operations as `<upstream>_<operation>` tools and `api://<upstream>/...`
 * resources. Their requests go through the same client as `fetch_data`, so the path rules, SSRF
 * policy, limits and auth are identical; operations with methods the upstream does not allow are
 * left out.
 */
export function registerUpstreamOpenAPI(mcp: FastMCP, client: UpstreamClient): OpenAPIImport {
  const { upstream } = client;
  const openapi = upstream.openapi;
  if (!openapi) return { tools: [], resources: [] };
  const disallowed = HTTP_METHODS.filter(
    (method) => !upstream.allowedMethods.includes(method),
  ) as CoreMethod[];
  const basePath = withTrailingSlash(upstream.baseUrl.pathname);
  return registerOpenAPI(mcp, openapi.document, {
    baseUrl: upstream.baseUrl.href,
    namePrefix: `${upstream.name}_`,
    resourceUriPrefix: `api://${upstream.name}/`,
    ...(openapi.include ? { include: openapi.include } : {}),
    ...(openapi.routeMap ? { routeMap: openapi.routeMap } : {}),
    exclude: [...(openapi.exclude ?? []), ...(disallowed.length > 0 ? [{ methods: disallowed }] : [])],
    // The client enforces the upstream's own total timeout first, with the clearer message.
    timeoutMs: upstream.timeouts.totalMs + 1_000,
    fetch: async (url, init) => {
      const parsed = new URL(url);
      if (parsed.origin !== upstream.baseUrl.origin || !parsed.pathname.startsWith(basePath)) {
        throw new ToolError(`Refused: ${parsed.pathname} is outside upstream ${upstream.name}`);
      }
      const target = resolveEndpoint(basePath, `${parsed.pathname.slice(basePath.length)}${parsed.search}`);
      const headers = Object.fromEntries(
        Object.entries(init.headers).filter(([name]) => PASSED_HEADER.test(name)),
      );
      const request =
        init.body === undefined
          ? { method: init.method, target, headers }
          : { method: init.method, target, headers, body: init.body };
      return toFetchResponse(await client.send(request, init.signal), init.method);
    },
  });
}

function toFetchResponse(response: UpstreamResponse, method: string): Response {
  const empty =
    method === "HEAD" || response.status === 204 || response.status === 205 || response.status === 304;
  return new Response(empty ? null : response.body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.contentType ? { "content-type": response.contentType } : {},
  });
}

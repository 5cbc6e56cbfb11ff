import { type FastMCP, ToolError } from "@mcpkit/core";
import { z } from "zod";
import { HTTP_METHODS } from "../upstream.js";
import { callUpstream } from "../upstream-call.js";
import { resolveEndpoint } from "../upstream-path.js";
import { appendQuery, type GatewayDeps, isJson, maxLength, queryParams, startIndex } from "./gateway-deps.js";

/** call_api: any other method an upstream allows; not offered when every upstream is read-only. */
export function registerCallApi(mcp: FastMCP, { upstreams, client, cache }: GatewayDeps): void {
  const writable = upstreams.filter((upstream) => upstream.allowedMethods.some((method) => method !== "GET"));
  const [firstWritable, ...moreWritable] = writable.map((upstream) => upstream.name);
  if (firstWritable !== undefined) {
    mcp.tool(
      {
        name: "call_api",
        description:
          "Send a request with any method the API allows (see list_upstreams: allowedMethods), e.g. POST with a JSON body. " +
          "Use fetch_data for plain reads.",
        input: {
          upstream: z.enum([firstWritable, ...moreWritable]).describe("The API's name, from list_upstreams"),
          method: z.enum(HTTP_METHODS).describe("HTTP method; must be in the upstream's allowedMethods"),
          path: z.string().min(1).max(2048).describe("Path under the API's base URL, e.g. /pets"),
          query: queryParams,
          body: z
            .unknown()
            .optional()
            .describe("Request body: a JSON value (sent as application/json) or a string sent as is"),
          start_index: startIndex,
          max_length: maxLength,
        },
        annotations: { readOnlyHint: false, destructiveHint: true, openWorldHint: true },
      },
      ({ upstream, method, path, query, body, start_index, max_length }, ctx) => {
        const upstreamClient = client(upstream);
        const target = resolveEndpoint(upstreamClient.upstream.baseUrl.pathname, path);
        appendQuery(target.query, query);
        const page = { startIndex: start_index, maxLength: max_length };
        if (body === undefined)
          return callUpstream(upstreamClient, cache, { method, target, page }, ctx.signal);
        if (method === "GET" || method === "HEAD")
          throw new ToolError(`A ${method} request cannot have a body`);
        const text = typeof body === "string" ? body : JSON.stringify(body);
        const contentType =
          typeof body !== "string" || isJson(body) ? "application/json" : "text/plain; charset=utf-8";
        return callUpstream(
          upstreamClient,
          cache,
          { method, target, page, body: text, contentType },
          ctx.signal,
        );
      },
    );
  }
}

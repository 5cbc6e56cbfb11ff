import type { FastMCP } from "@mcpkit/core";
import { z } from "zod";
import { callUpstream } from "../upstream-call.js";
import { resolveEndpoint } from "../upstream-path.js";
import { appendQuery, type GatewayDeps, maxLength, queryParams, startIndex } from "./gateway-deps.js";

/** fetch_data: a GET on any upstream that allows it; not offered when none does. */
export function registerFetchData(mcp: FastMCP, { upstreams, client, cache }: GatewayDeps): void {
  const readable = upstreams
    .filter((upstream) => upstream.allowedMethods.includes("GET"))
    .map((upstream) => upstream.name);
  const [firstReadable, ...moreReadable] = readable;
  if (firstReadable !== undefined) {
    mcp.tool(
      {
        name: "fetch_data",
        description:
          "GET a path of one configured API (see list_upstreams). JSON comes back as structured data, HTML as readable text, " +
          "long bodies in pages: pass start_index to continue.",
        input: {
          upstream: z.enum([firstReadable, ...moreReadable]).describe("The API's name, from list_upstreams"),
          endpoint: z
            .string()
            .min(1)
            .max(2048)
            .describe("Path under the API's base URL, e.g. /users/octocat/repos"),
          params: queryParams,
          start_index: startIndex,
          max_length: maxLength,
        },
        annotations: { readOnlyHint: true, openWorldHint: true },
      },
      ({ upstream, endpoint, params, start_index, max_length }, ctx) => {
        const upstreamClient = client(upstream);
        const target = resolveEndpoint(upstreamClient.upstream.baseUrl.pathname, endpoint);
        appendQuery(target.query, params);
        return callUpstream(
          upstreamClient,
          cache,
          { method: "GET", target, page: { startIndex: start_index, maxLength: max_length } },
          ctx.signal,
        );
      },
    );
  }
}

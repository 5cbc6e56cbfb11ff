import type { FastMCP } from "@mcpkit/core";
import type { GatewayDeps } from "./gateway-deps.js";

export function registerListUpstreams(mcp: FastMCP, { upstreams: configured, generated }: GatewayDeps): void {
  mcp.tool(
    {
      name: "list_upstreams",
      description:
        "Lists the APIs this gateway can call: name, what it is for, base URL, allowed HTTP methods and generated tools.",
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    () => {
      const upstreams = configured.map((upstream) => ({
        name: upstream.name,
        description: upstream.description,
        baseUrl: upstream.baseUrl.href,
        allowedMethods: upstream.allowedMethods,
        operations: generated.get(upstream.name) ?? [],
      }));
      return {
        content: [{ type: "text", text: JSON.stringify({ upstreams }, null, 2) }],
        structuredContent: { upstreams },
      };
    },
  );
}

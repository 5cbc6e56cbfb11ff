import type { FastMCP, Middleware } from "@mcpkit/core";

export const CALL_COUNTS_RESOURCE = "test://call-counts";

/**
 * A middleware that counts the calls of each tool, served as a resource: the chain in use, seen
 * through the protocol. Calls are counted as they arrive, before the tool runs.
 */
export function registerCallCounts(mcp: FastMCP): void {
  const counts: Record<string, number> = {};
  const counting: Middleware = {
    name: "callCounts",
    async onCallTool(request, next) {
      counts[request.params.name] = (counts[request.params.name] ?? 0) + 1;
      return next(request);
    },
  };
  mcp.use(counting);
  mcp.resource(
    CALL_COUNTS_RESOURCE,
    {
      name: "call-counts",
      description: "How many times each tool was called.",
      mimeType: "application/json",
    },
    () => ({ ...counts }),
  );
}

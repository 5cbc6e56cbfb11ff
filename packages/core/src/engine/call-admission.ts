import { describeWait, type RateLimiter } from "../server/rate-limit.js";
import type { RegisteredTool } from "../server/tools.js";

/**
 * The one rate-limit decision for a tool call: the server-wide limit and the tool's own are both
 * checked before either is spent, so a call one of them refuses costs nothing from the other.
 * Returns the refusal to send, or undefined when the call may run (the server's token is then
 * taken here; the tool's is taken by `RegisteredTool.call`, which cannot refuse it any more,
 * since no time passes in between and tokens only refill).
 */
export function admitToolCall(
  serverName: string,
  server: RateLimiter | undefined,
  tool: RegisteredTool,
): string | undefined {
  const serverWait = server?.wait() ?? 0;
  if (serverWait > 0)
    return `Rate limit exceeded for ${serverName} (${server?.spec}). Retry in ${describeWait(serverWait)}.`;
  const toolWait = tool.limiter?.wait() ?? 0;
  if (toolWait > 0)
    return `Rate limit exceeded for tool ${tool.name} (${tool.limiter?.spec}). Retry in ${describeWait(toolWait)}.`;
  server?.take();
  return undefined;
}

import { McpError } from "../errors.js";
import { ALL_PROTOCOL_VERSIONS } from "../protocol/envelope.js";
import { META } from "../protocol/era.js";
import { ErrorCode } from "../protocol/messages.js";
import { cacheFields } from "./cache-hints.js";
import type { MethodHost } from "./method-host.js";
import { CAPABILITIES } from "./method-table.js";
import { serverInfoOf } from "./server-info.js";
import type { MethodHandler } from "./session.js";

/**
 * Methods 2026-07-28 removed: sessions, pings and the log level went with `initialize`, and
 * `subscriptions/listen` replaced subscribe/unsubscribe. A 2026 request for one is `-32601`.
 */
const REMOVED_IN_2026 = new Set([
  "initialize",
  "ping",
  "logging/setLevel",
  "resources/subscribe",
  "resources/unsubscribe",
]);

/**
 * The methods a 2026-07-28 request may call: the same handlers 2025 sessions use (minus the
 * removed ones) plus `server/discover`, each wrapped once here, not per request, so that its
 * result carries `resultType` and the server's identity in `_meta`.
 */
export function createModernMethodTable(
  server: MethodHost,
  methods: ReadonlyMap<string, MethodHandler>,
  listen: MethodHandler,
): Map<string, MethodHandler> {
  const serverInfo = serverInfoOf(server.options);
  const complete =
    (method: string, handler: MethodHandler): MethodHandler =>
    async (params, call) => {
      let result: Record<string, unknown>;
      try {
        result = await handler(params, call);
      } catch (error) {
        throw modernError(error);
      }
      const meta = result._meta as Record<string, unknown> | undefined;
      return {
        ...(result.resultType === undefined ? cacheFields(server, method, params, call) : undefined),
        ...result,
        resultType: result.resultType ?? "complete",
        _meta: { ...meta, [META.serverInfo]: serverInfo },
      };
    };
  const modern = new Map<string, MethodHandler>();
  for (const [method, handler] of methods) {
    if (!REMOVED_IN_2026.has(method)) modern.set(method, complete(method, handler));
  }
  modern.set("subscriptions/listen", complete("subscriptions/listen", listen));
  modern.set(
    "server/discover",
    complete("server/discover", () => {
      const result: Record<string, unknown> = {
        supportedVersions: ALL_PROTOCOL_VERSIONS,
        capabilities: CAPABILITIES,
      };
      if (server.options.instructions !== undefined) result.instructions = server.options.instructions;
      return result;
    }),
  );
  return modern;
}

/** 2026-07-28 moved "resource not found" from -32002 to -32602 (Invalid Params). */
function modernError(error: unknown): unknown {
  if (error instanceof McpError && error.code === ErrorCode.ResourceNotFound) {
    return new McpError(ErrorCode.InvalidParams, error.message, error.data, { cause: error });
  }
  return error;
}

import { requireScopes } from "../auth/component-scopes.js";
import { McpError } from "../errors.js";
import { ErrorCode, LATEST_PROTOCOL_VERSION, SUPPORTED_PROTOCOL_VERSIONS } from "../protocol/messages.js";
import type { AuthInfo } from "../protocol/transport.js";
import {
  type ClientCapabilities,
  type Implementation,
  LOGGING_LEVELS,
  type LoggingLevel,
  type ServerCapabilities,
} from "../protocol/types.js";
import type { ClientConnection } from "../server/client-connection.js";
import { complete } from "../server/completion.js";
import { callTool, checkToolCall } from "./call-tool.js";
import type { MethodHost } from "./method-host.js";
import { paginated } from "./paginate.js";
import { serverInfoOf } from "./server-info.js";
import type { MethodHandler, RequestCall } from "./session.js";
import {
  findPrompt,
  findResource,
  listResources,
  visiblePrompts,
  visibleTemplates,
  visibleTools,
} from "./visible-components.js";

/**
 * What every server declares, on both eras: the engine answers the list, read, get and complete
 * methods whatever is registered (an empty list is an answer), lists announce their changes, and
 * resources can be subscribed to (2025 `resources/subscribe`, 2026 `subscriptions/listen`).
 */
export const CAPABILITIES: ServerCapabilities = {
  tools: { listChanged: true },
  resources: { subscribe: true, listChanged: true },
  prompts: { listChanged: true },
  logging: {},
  completions: {},
};

/** Puts the middleware chain around a method's handler. */
export type WrapMethod = (method: string, handler: MethodHandler) => MethodHandler;

/**
 * The MCP methods a server answers, keyed by method name: what each request does with the
 * server's tools, resources and prompts. Sessions dispatch to it. `wrap` puts the middleware
 * chain around the handlers; lists are cut into pages outside it, so hooks see whole lists.
 */
export function createMethodTable(server: MethodHost, wrap: WrapMethod): Map<string, MethodHandler> {
  const methods = new Map<string, MethodHandler>();
  const pageSize = server.pageSize;
  const handle = (method: string, handler: MethodHandler) => methods.set(method, wrap(method, handler));
  const list = (method: string, key: string, handler: MethodHandler) =>
    methods.set(method, paginated(key, pageSize, wrap(method, handler)));

  handle("initialize", (params, { session }) => {
    const requested = typeof params.protocolVersion === "string" ? params.protocolVersion : undefined;
    const version =
      requested && SUPPORTED_PROTOCOL_VERSIONS.includes(requested) ? requested : LATEST_PROTOCOL_VERSION;
    session.protocolVersion = version;
    session.clientInfo = params.clientInfo as Implementation | undefined;
    session.clientCapabilities = (params.capabilities as ClientCapabilities | undefined) ?? {};
    session.initialized = true;
    session.transport.setProtocolVersion?.(version);
    const { instructions } = server.options;
    const result: Record<string, unknown> = {
      protocolVersion: version,
      capabilities: CAPABILITIES,
      serverInfo: serverInfoOf(server.options),
    };
    if (instructions !== undefined) result.instructions = instructions;
    return result;
  });
  handle("ping", () => ({}));
  handle("logging/setLevel", (params, { session }) => {
    const level = params.level as LoggingLevel;
    if (!LOGGING_LEVELS.includes(level)) {
      throw new McpError(
        ErrorCode.InvalidParams,
        `Unknown log level: ${String(level)}; use one of ${LOGGING_LEVELS.join(", ")}`,
      );
    }
    session.logLevel = level;
    return {};
  });

  list("tools/list", "tools", (_params, call, context) => ({
    tools: visibleTools(server, sessionOf(call, context), authOf(call, context)),
  }));
  methods.set(
    "tools/call",
    checkToolCall(
      server,
      wrap("tools/call", (params, call, context) => callTool(server, params, call, context)),
    ),
  );

  list("resources/list", "resources", async (_params, call, context) => ({
    resources: await listResources(server, sessionOf(call, context), authOf(call, context)),
  }));
  list("resources/templates/list", "resourceTemplates", (_params, call, context) => ({
    resourceTemplates: visibleTemplates(server, sessionOf(call, context), authOf(call, context)),
  }));
  methods.set(
    "resources/read",
    requiring(
      "uri",
      "resources/read",
      wrap("resources/read", (params, call, context) => {
        const handlerContext = context ?? server.createContext(call);
        return server.registry.readResource(params.uri as string, handlerContext, (resource) =>
          server.visibility.visible(resource.component, handlerContext.session),
        );
      }),
    ),
  );
  handle("resources/subscribe", (params, { session }) => {
    const uri = requireString(params, "uri", "resources/subscribe");
    if (session.subscriptions.has(uri)) return {};
    session.subscriptions.add(uri);
    server.subscriptionChanged(uri, true);
    return {};
  });
  handle("resources/unsubscribe", (params, { session }) => {
    const uri = requireString(params, "uri", "resources/unsubscribe");
    if (session.subscriptions.delete(uri)) server.subscriptionChanged(uri, false);
    return {};
  });

  list("prompts/list", "prompts", (_params, call, context) => ({
    prompts: visiblePrompts(server, sessionOf(call, context), authOf(call, context)),
  }));
  methods.set(
    "prompts/get",
    requiring(
      "name",
      "prompts/get",
      wrap("prompts/get", (params, call, context) => {
        const name = params.name as string;
        const handlerContext = context ?? server.createContext(call);
        const prompt = findPrompt(server, name, handlerContext.session);
        if (!prompt) throw new McpError(ErrorCode.InvalidParams, `Unknown prompt: ${name}`);
        return prompt.get(params.arguments, handlerContext);
      }),
    ),
  );

  handle("completion/complete", (params, call, handlerContext) => {
    const session = sessionOf(call, handlerContext);
    const ref = params.ref as { type?: string; name?: string; uri?: string } | undefined;
    const argument = params.argument as { name?: string; value?: string } | undefined;
    if (!ref || typeof argument?.name !== "string") {
      throw new McpError(ErrorCode.InvalidParams, "completion/complete needs a ref and an argument name");
    }
    const context = {
      arguments: (params.context as { arguments?: Record<string, string> })?.arguments ?? {},
    };
    const value = argument.value ?? "";
    if (ref.type === "ref/prompt") {
      const prompt = findPrompt(server, ref.name ?? "", session);
      if (!prompt) throw new McpError(ErrorCode.InvalidParams, `Unknown prompt: ${ref.name}`);
      requireScopes(authOf(call, handlerContext), prompt.options.scopes, `the prompt ${ref.name}`);
      return complete(prompt.completer(argument.name), value, context);
    }
    if (ref.type === "ref/resource") {
      const resource = findResource(server, ref.uri ?? "", session);
      if (!resource) throw new McpError(ErrorCode.InvalidParams, `Unknown resource template: ${ref.uri}`);
      requireScopes(authOf(call, handlerContext), resource.options.scopes, `the resource ${ref.uri}`);
      return complete(resource.options.complete?.[argument.name], value, context);
    }
    throw new McpError(ErrorCode.InvalidParams, `Unknown completion reference type: ${String(ref.type)}`);
  });
  return methods;
}

function requireString(params: Record<string, unknown>, key: string, method: string): string {
  const value = params[key];
  if (typeof value !== "string")
    throw new McpError(ErrorCode.InvalidParams, `${method} needs a string "${key}"`);
  return value;
}

/** Checks a required string param before the chain runs, so hooks can rely on its type. */
function requiring(key: string, method: string, handler: MethodHandler): MethodHandler {
  return (params, call, context) => {
    requireString(params, key, method);
    return handler(params, call, context);
  };
}

/** Whose view a request sees: its session's, or for a mounted call the parent context's. */
function sessionOf(call: RequestCall | undefined, context: { session: ClientConnection } | undefined) {
  return context?.session ?? (call as RequestCall).session;
}

/** The caller's verified token, which component scopes are checked against. */
function authOf(call: RequestCall | undefined, context: { auth: AuthInfo | undefined } | undefined) {
  return context === undefined ? call?.extra?.authInfo : context.auth;
}

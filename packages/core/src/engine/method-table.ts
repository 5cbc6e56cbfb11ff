import { McpError } from "../errors.js";
import { ErrorCode, LATEST_PROTOCOL_VERSION, SUPPORTED_PROTOCOL_VERSIONS } from "../protocol/messages.js";
import {
  type ClientCapabilities,
  type Implementation,
  LOGGING_LEVELS,
  type LoggingLevel,
  type ServerCapabilities,
} from "../protocol/types.js";
import { complete } from "../server/completion.js";
import { callTool } from "./call-tool.js";
import { loggedBy } from "./logged-method.js";
import type { MethodHost } from "./method-host.js";
import type { MethodHandler } from "./session.js";

const CAPABILITIES: ServerCapabilities = {
  tools: { listChanged: true },
  resources: { subscribe: true, listChanged: true },
  prompts: { listChanged: true },
  logging: {},
  completions: {},
};

/**
 * The MCP methods a server answers, keyed by method name: what each request does with the
 * server's tools, resources and prompts. Sessions dispatch to it; every call, read and prompt
 * writes its one log line here.
 */
export function createMethodTable(server: MethodHost): Map<string, MethodHandler> {
  const methods = new Map<string, MethodHandler>();
  const logged = loggedBy(server);

  methods.set("initialize", (params, { session }) => {
    const requested = typeof params.protocolVersion === "string" ? params.protocolVersion : undefined;
    const version =
      requested && SUPPORTED_PROTOCOL_VERSIONS.includes(requested) ? requested : LATEST_PROTOCOL_VERSION;
    session.protocolVersion = version;
    session.clientInfo = params.clientInfo as Implementation | undefined;
    session.clientCapabilities = (params.capabilities as ClientCapabilities | undefined) ?? {};
    session.initialized = true;
    session.transport.setProtocolVersion?.(version);
    const { name, version: serverVersion = "0.1.0", title, websiteUrl, icons, instructions } = server.options;
    const serverInfo: Implementation = { name, version: serverVersion };
    if (title !== undefined) serverInfo.title = title;
    if (websiteUrl !== undefined) serverInfo.websiteUrl = websiteUrl;
    if (icons !== undefined) serverInfo.icons = icons;
    const result: Record<string, unknown> = {
      protocolVersion: version,
      capabilities: CAPABILITIES,
      serverInfo,
    };
    if (instructions !== undefined) result.instructions = instructions;
    return result;
  });
  methods.set("ping", () => ({}));
  methods.set("logging/setLevel", (params, { session }) => {
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

  methods.set("tools/list", () => ({ tools: server.registry.toolDefinitions() }));
  methods.set("tools/call", (params, call) => callTool(server, params, call));

  methods.set(
    "resources/list",
    logged("resources/list", async () => {
      const listed = [];
      for (const resource of server.registry.components().resources) {
        if (!resource.isTemplate) listed.push(resource.asResource());
        else if (resource.options.list) listed.push(...(await resource.options.list()));
      }
      return { resources: listed };
    }),
  );
  methods.set("resources/templates/list", () => ({
    resourceTemplates: server.registry
      .components()
      .resources.filter((resource) => resource.isTemplate)
      .map((resource) => resource.asTemplate()),
  }));
  methods.set(
    "resources/read",
    logged(
      "resources/read",
      (params, call) =>
        server.registry.readResource(
          requireString(params, "uri", "resources/read"),
          server.createContext(call),
        ),
      (params) => ({ uri: params.uri }),
    ),
  );
  methods.set("resources/subscribe", (params, { session }) => {
    const uri = requireString(params, "uri", "resources/subscribe");
    if (session.subscriptions.has(uri)) return {};
    session.subscriptions.add(uri);
    server.subscriptionChanged(uri, true);
    return {};
  });
  methods.set("resources/unsubscribe", (params, { session }) => {
    const uri = requireString(params, "uri", "resources/unsubscribe");
    if (session.subscriptions.delete(uri)) server.subscriptionChanged(uri, false);
    return {};
  });

  methods.set("prompts/list", () => ({
    prompts: server.registry.components().prompts.map((prompt) => prompt.definition),
  }));
  methods.set(
    "prompts/get",
    logged(
      "prompts/get",
      (params, call) => {
        const name = requireString(params, "name", "prompts/get");
        const prompt = server.registry.getPrompt(name);
        if (!prompt) throw new McpError(ErrorCode.InvalidParams, `Unknown prompt: ${name}`);
        return prompt.get(params.arguments, server.createContext(call));
      },
      (params) => ({ prompt: params.name }),
    ),
  );

  methods.set("completion/complete", (params) => {
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
      const prompt = server.registry.getPrompt(ref.name ?? "");
      if (!prompt) throw new McpError(ErrorCode.InvalidParams, `Unknown prompt: ${ref.name}`);
      return complete(prompt.completer(argument.name), value, context);
    }
    if (ref.type === "ref/resource") {
      const resource = server.registry.getResource(ref.uri ?? "");
      if (!resource) throw new McpError(ErrorCode.InvalidParams, `Unknown resource template: ${ref.uri}`);
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

import { Client, type ClientTarget } from "../client/client.js";
import type { FastMCPOptions } from "../engine/server-options.js";
import { FastMCP } from "../facade/fast-mcp.js";
import { PROTOCOL_2026 } from "../protocol/era.js";
import type { LoggingLevel, Prompt, Resource, ResourceTemplate, Tool } from "../protocol/types.js";
import { UriTemplate } from "../protocol/uri-template.js";
import type { Completers } from "../server/completion.js";
import { tagsInMeta } from "../server/tags.js";
import type { ToolOptions } from "../server/tools.js";
import { defined } from "./defined.js";
import { MirrorSet } from "./mirror-set.js";
import { stringArgs } from "./prompt-args.js";
import { BackendConnections, type BackendOptions, CallsInProgress } from "./proxy-sessions.js";
import { checkToolTransforms, type ToolTransforms, transformFor, transformTool } from "./tool-transform.js";

export interface ProxyOptions extends Partial<FastMCPOptions> {
  /** Options for the clients that connect to the proxied server (`createProxy` only). */
  client?: BackendOptions;
  /** Renames, redescribes or fixes arguments of the proxied server's tools, keyed by their own names. */
  transforms?: ToolTransforms;
}

/** Proxied calls may involve a human (sampling, elicitation) on either side: wait as long as they do. */
const PROXY_TIMEOUT_MS = 300_000;

/**
 * Connects to any MCP server (a command to spawn, a URL, a transport) and exposes it as a
 * `FastMCP`: its tools, resources and prompts, kept in sync; its logs and progress forwarded; and
 * its requests to the client (sampling, elicitation, roots) forwarded to the client of the call
 * in progress. The proxied server sees only the capabilities that client declared: a client that
 * declared roots, sampling or elicitation gets a connection of its own (see `BackendConnections`).
 * Closing the proxy closes the connections.
 *
 * @example
 * const proxy = await createProxy({ command: "node", args: ["server.js"] });
 * await proxy.run({ transport: "http", port: 8000 }); // a stdio server, bridged to HTTP
 */
export async function createProxy(target: ClientTarget, options: ProxyOptions = {}): Promise<FastMCP> {
  const clientOptions: BackendOptions = {
    name: "mcpkit-proxy",
    timeoutMs: PROXY_TIMEOUT_MS,
    ...options.client,
  };
  const client = await Client.connect(target, clientOptions);
  const calls = new CallsInProgress();
  // A transport cannot be opened twice: through one, every client shares the one connection.
  const reopenable = !(typeof target === "object" && "send" in target);
  const connections = new BackendConnections(
    client,
    calls,
    reopenable ? { target, options: clientOptions } : undefined,
  );
  try {
    const server = await proxyClient(
      client,
      { lifespan: () => () => connections.close(), ...options },
      connections,
    );
    // Roots are asked of the calling client on demand, so only their changes need passing on.
    const subscriptions = new SubscriptionCounts(client, server);
    server.observe((event) => {
      if (event.kind === "rootsChanged") connections.rootsChanged(event.session);
      if (event.kind === "subscription") subscriptions.change(event.uri, event.subscribed);
    });
    // Started now so that close() closes the connection even if no client ever connected.
    await server.start();
    return server;
  } catch (error) {
    await client.close();
    throw error;
  }
}

/** Holds one subscription on the proxied server per URI that any client of the proxy subscribed to. */
class SubscriptionCounts {
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly client: Client,
    private readonly server: FastMCP,
  ) {}

  change(uri: string, subscribed: boolean): void {
    if (!this.client.serverCapabilities.resources?.subscribe) return;
    const count = (this.counts.get(uri) ?? 0) + (subscribed ? 1 : -1);
    if (count > 0) this.counts.set(uri, count);
    else this.counts.delete(uri);
    let request: Promise<void> | undefined;
    if (subscribed && count === 1) request = this.client.subscribe(uri);
    if (!subscribed && count === 0) request = this.client.unsubscribe(uri);
    request?.catch((error: unknown) => this.server.logger.error("proxy subscription failed", error, { uri }));
  }
}

/** Mirrors a connected client's server onto a new `FastMCP` (see `FastMCP.fromClient`). */
export async function proxyClient(
  client: Client,
  options: ProxyOptions = {},
  connections = new BackendConnections(client, new CallsInProgress()),
): Promise<FastMCP> {
  const { client: _clientOptions, transforms, ...serverOptions } = options;
  const checked = checkToolTransforms(transforms);
  const server = new FastMCP({
    name: client.serverInfo.name || "proxy",
    version: client.serverInfo.version || "0.1.0",
    ...(client.instructions === undefined ? {} : { instructions: client.instructions }),
    ...serverOptions,
  });
  const mirror = new ProxyMirror(client, server, connections, checked);
  await mirror.refreshAll();
  await listenForChanges(client);
  return server;
}

/**
 * A 2026 server sends list changes only on a `subscriptions/listen` stream, and log messages only
 * for requests that name a level: the mirror asks for both, so that it stays in sync and passes
 * on every log its clients may want (each client's own level filters them). The listen lasts as
 * long as the connection.
 */
async function listenForChanges(client: Client): Promise<void> {
  if (client.protocolVersion !== PROTOCOL_2026) return;
  await client.setLogLevel("debug");
  const { tools, resources, prompts } = client.serverCapabilities;
  const filter = {
    toolsListChanged: Boolean(tools?.listChanged),
    resourcesListChanged: Boolean(resources?.listChanged),
    promptsListChanged: Boolean(prompts?.listChanged),
  };
  if (Object.values(filter).some(Boolean)) await client.listen(filter);
}

const sameDefinition = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

class ProxyMirror {
  private readonly tools = new MirrorSet<Tool>(sameDefinition);
  private readonly resources = new MirrorSet<Resource | ResourceTemplate>(sameDefinition);
  private readonly prompts = new MirrorSet<Prompt>(sameDefinition);
  private refreshing: Promise<void> = Promise.resolve();

  constructor(
    private readonly client: Client,
    private readonly server: FastMCP,
    private readonly connections: BackendConnections,
    private readonly transforms: ToolTransforms,
  ) {
    const refresh = (what: () => Promise<void>) => () => {
      this.refreshing = this.refreshing.then(what).catch((error: unknown) => {
        server.logger.error("proxy refresh failed", error);
      });
    };
    client.on(
      "notifications/tools/list_changed",
      refresh(() => this.refreshTools()),
    );
    client.on(
      "notifications/resources/list_changed",
      refresh(() => this.refreshResources()),
    );
    client.on(
      "notifications/prompts/list_changed",
      refresh(() => this.refreshPrompts()),
    );
    client.on("notifications/resources/updated", (params) => {
      if (typeof params.uri === "string") void server.notifyResourceUpdated(params.uri);
    });
    client.on("notifications/message", (params) => this.forwardLog(params));
  }

  async refreshAll(): Promise<void> {
    await Promise.all([this.refreshTools(), this.refreshResources(), this.refreshPrompts()]);
  }

  private async refreshTools(): Promise<void> {
    if (!this.client.serverCapabilities.tools) return;
    const tools = await this.client.listTools();
    this.tools.sync(
      tools.map((tool) => [tool.name, tool] as const),
      (tool) => this.mirrorTool(tool),
    );
  }

  private async refreshResources(): Promise<void> {
    if (!this.client.serverCapabilities.resources) return;
    const [resources, templates] = await Promise.all([
      this.client.listResources(),
      this.client.listResourceTemplates(),
    ]);
    const entries = [
      ...resources.map((resource) => [resource.uri, resource] as const),
      ...templates.map((template) => [template.uriTemplate, template] as const),
    ];
    this.resources.sync(entries, (resource) => this.mirrorResource(resource));
  }

  private async refreshPrompts(): Promise<void> {
    if (!this.client.serverCapabilities.prompts) return;
    const prompts = await this.client.listPrompts();
    this.prompts.sync(
      prompts.map((prompt) => [prompt.name, prompt] as const),
      (prompt) => this.mirrorPrompt(prompt),
    );
  }

  private mirrorTool(tool: Tool) {
    const { definition, toSource } = transformTool(tool, transformFor(this.transforms, tool.name));
    // Picked, not spread: an upstream may send fields that are not tool options.
    const { name, inputSchema, outputSchema, title, description, annotations, icons, _meta } = definition;
    const options: ToolOptions = { name, inputSchema };
    Object.assign(options, defined({ outputSchema, title, description, annotations, icons, _meta }));
    Object.assign(options, defined({ tags: tagsInMeta(tool._meta) }));
    return this.server.tool(options, (args, context) =>
      this.connections.run(context, (client) =>
        client.callTool(tool.name, toSource(args), {
          signal: context.signal,
          onProgress: ({ progress, total, message }) => void context.reportProgress(progress, total, message),
        }),
      ),
    );
  }

  private mirrorResource(resource: Resource | ResourceTemplate) {
    const { name, title, description, mimeType, annotations, icons, _meta } = resource;
    const tags = tagsInMeta(_meta);
    const options = defined({ name, title, description, mimeType, annotations, icons, _meta, tags });
    if ("uri" in resource) {
      return this.server.resource(
        resource.uri,
        { ...options, ...defined({ size: resource.size }) },
        (_params, context) =>
          this.connections.run(context, (client) =>
            client.readResource(resource.uri, { signal: context.signal }),
          ),
      );
    }
    const template = new UriTemplate(resource.uriTemplate);
    const complete: Completers = {};
    for (const variable of template.variables) {
      complete[variable] = async (value, context) => {
        const ref = { type: "ref/resource", uri: resource.uriTemplate } as const;
        return (await this.client.complete(ref, { name: variable, value }, context)).completion.values;
      };
    }
    return this.server.resource(resource.uriTemplate, { ...options, complete }, (params, context) =>
      this.connections.run(context, (client) =>
        client.readResource(template.expand(params), { signal: context.signal }),
      ),
    );
  }

  private mirrorPrompt(prompt: Prompt) {
    const { args, complete } = stringArgs(prompt.arguments ?? [], (argument) => async (value, context) => {
      const ref = { type: "ref/prompt", name: prompt.name } as const;
      return (await this.client.complete(ref, { name: argument, value }, context)).completion.values;
    });
    const { name, title, description, icons, _meta } = prompt;
    const tags = tagsInMeta(_meta);
    const options = { name, args, complete, ...defined({ title, description, icons, _meta, tags }) };
    return this.server.prompt(options, (values, context) =>
      this.connections.run(context, (client) =>
        client.getPrompt(name, values as Record<string, string>, { signal: context.signal }),
      ),
    );
  }

  /** A log from the proxied server reaches the client whose call it belongs to, else every client. */
  private forwardLog(params: Record<string, unknown>): void {
    const { level, logger, data } = params as { level: LoggingLevel; logger?: string; data: unknown };
    const context = this.connections.latestCall();
    if (context) {
      void context.session.log(level, data, logger, context.requestId);
      return;
    }
    void this.server.broadcastLog(level, typeof data === "string" ? data : JSON.stringify(data));
  }
}

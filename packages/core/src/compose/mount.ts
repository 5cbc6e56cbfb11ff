import type { Engine } from "../engine/engine.js";
import type { ServerEvent } from "../engine/server-event.js";
import type { GetPromptResult, ReadResourceResult, Resource } from "../protocol/types.js";
import type { Context, ContextScope } from "../server/context.js";
import type { RegisteredPrompt } from "../server/prompts.js";
import type { RegisteredResource, ResourceOptions } from "../server/resources.js";
import type { RegisteredTool, ToolOptions } from "../server/tools.js";
import { defined } from "./defined.js";
import { MirrorSet } from "./mirror-set.js";
import { checkPrefix, prefixName, prefixUri, unprefixUri } from "./prefix.js";
import { stringArgs } from "./prompt-args.js";
import { checkToolTransforms, type ToolTransforms, transformFor, transformTool } from "./tool-transform.js";

/** How a server is mounted (see `FastMCP.mount`). */
export interface MountOptions {
  /** Renames, redescribes or fixes arguments of the mounted server's tools, keyed by their own names. */
  transforms?: ToolTransforms;
}

/**
 * Mounts `child` into `parent` under `prefix` (see `FastMCP.mount`). The child's components are
 * mirrored as the parent's own, so they are listed, validated and logged like any other; the
 * mirrors follow the child's list changes, and its resource updates and broadcast logs are
 * passed on.
 */
export function mountServer(parent: Engine, prefix: string, child: Engine, options: MountOptions = {}): void {
  checkPrefix(prefix);
  if (child === parent) throw new TypeError("A server cannot be mounted into itself");
  const mount = new Mount(parent, prefix, child, checkToolTransforms(options.transforms));
  mount.sync();
  child.observe((event) => mount.handle(event));
  // The child serves the parent's sessions, so it hears when their roots change (a proxy passes it on).
  parent.observe((event) => {
    if (event.kind === "rootsChanged") child.rootsChanged(event.session);
    if (event.kind === "subscription") {
      const uri = mount.childUri(event.uri);
      if (uri !== undefined) child.subscriptionChanged(uri, event.subscribed);
    }
  });
}

class Mount {
  private readonly tools = new MirrorSet<RegisteredTool>();
  private readonly resources = new MirrorSet<RegisteredResource>();
  private readonly prompts = new MirrorSet<RegisteredPrompt>();

  /**
   * What the child's handlers see: its resources, name and lifespan value, but the parent's
   * state, since the session whose values they keep is the parent's.
   */
  private readonly scope: ContextScope;

  constructor(
    private readonly parent: Engine,
    private readonly prefix: string,
    private readonly child: Engine,
    private readonly transforms: ToolTransforms,
  ) {
    const own = child.scope;
    this.scope = {
      loggerName: own.loggerName,
      readResource: own.readResource,
      state: parent.scope.state,
      get lifespan() {
        return own.lifespan;
      },
    };
  }

  handle(event: ServerEvent): void {
    switch (event.kind) {
      case "listChanged":
        this.sync();
        return;
      case "resourceUpdated":
        void this.parent.notifyResourceUpdated(prefixUri(this.prefix, event.uri));
        return;
      case "log":
        void this.parent.broadcastLog(event.level, event.message, event.data);
        return;
      case "rootsChanged":
      case "subscription":
        return;
    }
  }

  sync(): void {
    const { tools, resources, prompts } = this.child.registry.components();
    // What the child hides server-wide is not mirrored; tags go with the mirrors for the parent's rules.
    const { visibility } = this.child;
    const enabled = tools.filter((tool) => tool.enabled && visibility.visible(tool.component));
    this.tools.sync(
      enabled.map((tool) => [tool.name, tool] as const),
      (tool) => this.mirrorTool(tool),
    );
    this.resources.sync(
      resources
        .filter((resource) => visibility.visible(resource.component))
        .map((resource) => [resource.uri, resource] as const),
      (resource) => this.mirrorResource(resource),
    );
    this.prompts.sync(
      prompts
        .filter((prompt) => visibility.visible(prompt.component))
        .map((prompt) => [prompt.definition.name, prompt] as const),
      (prompt) => this.mirrorPrompt(prompt),
    );
  }

  /** The child's URI for one of the parent's, when it is one of this mount's resources. */
  childUri(uri: string): string | undefined {
    const { resources } = this.child.registry.components();
    return unprefixUri(this.prefix, uri).find((candidate) =>
      resources.some((resource) => resource.match(candidate)),
    );
  }

  /** The parent's context, reading the child's resources and logging under the child's name. */
  private async enter(context: Context): Promise<Context> {
    await this.child.start();
    return context.forServer(this.scope);
  }

  private mirrorTool(tool: RegisteredTool): RegisteredTool {
    const { definition, toSource } = transformTool(tool.definition, transformFor(this.transforms, tool.name));
    const { name, inputSchema, outputSchema, title, description, annotations, icons, _meta } = definition;
    const options: ToolOptions = { name: prefixName(this.prefix, name), inputSchema, tags: [...tool.tags] };
    Object.assign(options, defined({ outputSchema, title, description, annotations, icons, _meta }));
    // Through the child's own middleware and limits; the parent's chain is already around the call.
    return this.parent.registry.tool(options, async (args, context) =>
      this.child.callMounted(
        "tools/call",
        { name: tool.name, arguments: toSource(args) },
        await this.enter(context),
      ),
    );
  }

  private mirrorResource(resource: RegisteredResource): RegisteredResource {
    const { list, ...options } = resource.options;
    const mirrored: ResourceOptions = {
      ...options,
      name: options.name ?? resource.uri,
      tags: [...resource.tags],
    };
    if (list)
      mirrored.list = async () =>
        (await list()).map((item): Resource => ({ ...item, uri: this.uri(item.uri) }));
    return this.parent.registry.resource(this.uri(resource.uri), mirrored, async (params, context) => {
      const uri = resource.template ? resource.template.expand(params) : resource.uri;
      const result = (await this.child.callMounted(
        "resources/read",
        { uri },
        await this.enter(context),
      )) as ReadResourceResult;
      return {
        ...result,
        contents: result.contents.map((contents) => ({ ...contents, uri: this.uri(contents.uri) })),
      };
    });
  }

  private mirrorPrompt(prompt: RegisteredPrompt): RegisteredPrompt {
    const { name, title, description, icons, _meta, arguments: declared = [] } = prompt.definition;
    const { args, complete } = stringArgs(declared, (argument) => prompt.completer(argument));
    const options = {
      name: prefixName(this.prefix, name),
      args,
      complete,
      tags: [...prompt.tags],
      ...defined({ title, description, icons, _meta }),
    };
    return this.parent.registry.prompt(
      options,
      async (values, context) =>
        (await this.child.callMounted(
          "prompts/get",
          { name, arguments: values },
          await this.enter(context),
        )) as GetPromptResult,
    );
  }

  private uri(uri: string): string {
    return prefixUri(this.prefix, uri);
  }
}

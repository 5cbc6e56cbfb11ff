import type { z } from "zod";
import { checkOptions } from "../config/check-options.js";
import { resourceNotFound } from "../errors.js";
import type { InputShape } from "../protocol/schema.js";
import type { ReadResourceResult, Tool } from "../protocol/types.js";
import type { Context } from "../server/context.js";
import {
  PROMPT_OPTION_KEYS,
  type PromptArgs,
  type PromptHandler,
  type PromptOptions,
  RegisteredPrompt,
} from "../server/prompts.js";
import {
  RESOURCE_OPTION_KEYS,
  RegisteredResource,
  type ResourceHandler,
  type ResourceOptions,
} from "../server/resources.js";
import { RegisteredTool, TOOL_OPTION_KEYS, type ToolHandler, type ToolOptions } from "../server/tools.js";
import type { ListChanged } from "../server/visibility.js";

export type { ListChanged } from "../server/visibility.js";

/**
 * A server's tools, resources and prompts by name, and what the protocol methods look up in
 * them. Every change is reported to `changed` so the engine can tell clients.
 */
export class Registry {
  private readonly tools = new Map<string, RegisteredTool>();
  private readonly resources = new Map<string, RegisteredResource>();
  private readonly prompts = new Map<string, RegisteredPrompt>();
  private toolList: Tool[] | undefined;
  /** Set once a tool with its own `rateLimit` is registered, so the engine adds the limit's middleware. */
  hasRateLimitedTools = false;

  constructor(private readonly changed: (list: ListChanged) => void) {}

  tool<I extends InputShape | undefined = undefined, O extends z.ZodType | undefined = undefined>(
    options: ToolOptions<I, O>,
    handler: ToolHandler<I, O>,
  ): RegisteredTool {
    checkOptions("tool", options, TOOL_OPTION_KEYS);
    if (this.tools.has(options.name))
      throw new TypeError(`A tool named "${options.name}" is already registered`);
    const tool = new RegisteredTool(
      options as ToolOptions<InputShape | undefined, z.ZodType | undefined>,
      handler as (args: never, context: Context) => unknown,
      (changed, removed) => {
        if (removed && this.tools.get(changed.name) === changed) this.tools.delete(changed.name);
        this.toolsChanged();
      },
    );
    this.tools.set(tool.name, tool);
    if (tool.rateLimit !== undefined) this.hasRateLimitedTools = true;
    this.toolsChanged();
    return tool;
  }

  resource<U extends string>(
    uri: U,
    options: ResourceOptions,
    handler: ResourceHandler<U>,
  ): RegisteredResource {
    checkOptions("resource", options, RESOURCE_OPTION_KEYS);
    if (this.resources.has(uri)) throw new TypeError(`A resource "${uri}" is already registered`);
    const resource = new RegisteredResource(
      uri,
      options,
      handler as (params: Record<string, string>, context: Context) => unknown,
      () => {
        if (this.resources.get(uri) === resource) this.resources.delete(uri);
        this.changed("notifications/resources/list_changed");
      },
    );
    this.resources.set(uri, resource);
    this.changed("notifications/resources/list_changed");
    return resource;
  }

  prompt<A extends PromptArgs | undefined = undefined>(
    options: PromptOptions<A>,
    handler: PromptHandler<A>,
  ): RegisteredPrompt {
    checkOptions("prompt", options, PROMPT_OPTION_KEYS);
    const { name } = options;
    if (this.prompts.has(name)) throw new TypeError(`A prompt named "${name}" is already registered`);
    const prompt = new RegisteredPrompt(
      options as PromptOptions<PromptArgs | undefined>,
      handler as (args: never, context: Context) => ReturnType<PromptHandler<A>>,
      () => {
        if (this.prompts.get(name) === prompt) this.prompts.delete(name);
        this.changed("notifications/prompts/list_changed");
      },
    );
    this.prompts.set(name, prompt);
    this.changed("notifications/prompts/list_changed");
    return prompt;
  }

  getTool(name: string): RegisteredTool | undefined {
    return this.tools.get(name);
  }

  getPrompt(name: string): RegisteredPrompt | undefined {
    return this.prompts.get(name);
  }

  /** The resource or template registered under exactly this URI (or URI template). */
  getResource(uri: string): RegisteredResource | undefined {
    return this.resources.get(uri);
  }

  /** Everything registered, enabled or not. */
  components(): { tools: RegisteredTool[]; resources: RegisteredResource[]; prompts: RegisteredPrompt[] } {
    return {
      tools: [...this.tools.values()],
      resources: [...this.resources.values()],
      prompts: [...this.prompts.values()],
    };
  }

  /** The enabled tools' definitions, as `tools/list` sends them; computed once per change. */
  toolDefinitions(): Tool[] {
    this.toolList ??= [...this.tools.values()].filter((tool) => tool.enabled).map((tool) => tool.definition);
    return this.toolList;
  }

  /**
   * Reads a resource by URI: the exact one first, else the first template that matches, among
   * those `shown` lets through (a client's read skips what is hidden from it).
   */
  async readResource(
    uri: string,
    context: Context,
    shown?: (resource: RegisteredResource) => boolean,
  ): Promise<ReadResourceResult> {
    const found = this.resourceFor(uri, shown);
    if (!found) throw resourceNotFound(uri);
    return found.resource.read(uri, found.params, context);
  }

  /** The resource that serves `uri` (as `readResource` finds it) and the template's variables. */
  resourceFor(
    uri: string,
    shown?: (resource: RegisteredResource) => boolean,
  ): { resource: RegisteredResource; params: Record<string, string> } | undefined {
    const exact = this.resources.get(uri);
    if (exact && !exact.isTemplate && (!shown || shown(exact))) return { resource: exact, params: {} };
    for (const resource of this.resources.values()) {
      if (!resource.isTemplate || (shown && !shown(resource))) continue;
      const params = resource.match(uri);
      if (params) return { resource, params };
    }
    return undefined;
  }

  private toolsChanged(): void {
    this.toolList = undefined;
    this.changed("notifications/tools/list_changed");
  }
}

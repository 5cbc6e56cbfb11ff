import { z } from "zod";
import { requireScopes } from "../auth/component-scopes.js";
import { isSingleContent, toContentBlock } from "../content/blocks.js";
import type { Audio, Image } from "../content/media.js";
import { McpError } from "../errors.js";
import { ErrorCode } from "../protocol/messages.js";
import { describeIssues } from "../protocol/schema.js";
import type {
  ContentBlock,
  GetPromptResult,
  Icon,
  Meta,
  Prompt,
  PromptMessage,
  Role,
} from "../protocol/types.js";
import { type Completer, type Completers, enumCompleter } from "./completion.js";
import type { Context } from "./context.js";
import { type Component, metaWithTags, toTags } from "./tags.js";

type MaybePromise<T> = T | Promise<T>;

/** Prompt arguments arrive as strings, so each is a zod schema over a string (or optional). */
export type PromptArgs = Record<string, z.ZodType<unknown, string | undefined>>;

export interface PromptOptions<A extends PromptArgs | undefined = undefined> {
  name: string;
  title?: string;
  description?: string;
  args?: A;
  /** Suggestions for each argument (`completion/complete`); enum arguments complete on their own. */
  complete?: Completers;
  icons?: Icon[];
  _meta?: Meta;
  /** Labels for `includeTags`/`excludeTags`, `enable`/`disable` and `ctx.hide`; listed in `_meta`. */
  tags?: readonly string[];
  /**
   * OAuth scopes a caller's token must carry to see and use this component; a caller without them
   * does not find it in the list and is refused (HTTP 403 with the step-up challenge). Checked
   * only for authenticated requests: stdio and unauthenticated HTTP serve everything.
   */
  scopes?: string[];
}

/** Every key of `PromptOptions`, checked at registration so that a misspelt option is an error. */
export const PROMPT_OPTION_KEYS = {
  name: true,
  title: true,
  description: true,
  args: true,
  complete: true,
  icons: true,
  _meta: true,
  tags: true,
  scopes: true,
} as const satisfies Record<keyof PromptOptions, true>;

export type MessageContent = string | Image | Audio | ContentBlock;
export interface PromptMessageInput {
  role: Role;
  content: MessageContent;
}

/** What a prompt handler returns: one user message as text, several messages, or a full result. */
export type PromptValue = string | PromptMessageInput | PromptMessageInput[] | GetPromptResult;

export type PromptHandler<A extends PromptArgs | undefined, L = unknown> = (
  args: A extends PromptArgs ? z.output<z.ZodObject<A>> : Record<string, never>,
  context: Context<L>,
) => MaybePromise<PromptValue>;

/** A message from the user, for a prompt's result. @example userMessage("Plan a trip to Oslo") */
export function userMessage(content: MessageContent): PromptMessageInput {
  return { role: "user", content };
}

/** A message from the assistant, for a prompt's result. */
export function assistantMessage(content: MessageContent): PromptMessageInput {
  return { role: "assistant", content };
}

export class RegisteredPrompt {
  readonly definition: Prompt;
  /** The prompt as visibility rules see it. */
  readonly component: Component;
  private readonly schema: z.ZodObject;

  constructor(
    readonly options: PromptOptions<PromptArgs | undefined>,
    private readonly handler: (args: never, context: Context) => MaybePromise<PromptValue>,
    readonly remove: () => void,
  ) {
    const args = options.args ?? {};
    this.schema = z.object(args);
    const definition: Prompt = { name: options.name };
    if (options.title !== undefined) definition.title = options.title;
    if (options.description !== undefined) definition.description = options.description;
    if (options.icons !== undefined) definition.icons = options.icons;
    const tags = toTags(`Prompt "${options.name}"`, options.tags);
    const meta = metaWithTags(options._meta, tags);
    if (meta !== undefined) definition._meta = meta;
    this.component = { kind: "prompt", key: options.name, tags };
    definition.arguments = Object.entries(args).map(([name, schema]) => {
      const argument: { name: string; description?: string; required: boolean } = {
        name,
        required: !schema.safeParse(undefined).success,
      };
      if (schema.description !== undefined) argument.description = schema.description;
      return argument;
    });
    this.definition = definition;
  }

  get tags(): ReadonlySet<string> {
    return this.component.tags;
  }

  completer(argument: string): Completer | undefined {
    const explicit = this.options.complete?.[argument];
    if (explicit) return explicit;
    const schema = this.options.args?.[argument];
    return schema ? enumCompleter(schema) : undefined;
  }

  async get(args: unknown, context: Context): Promise<GetPromptResult> {
    requireScopes(context.auth, this.options.scopes, `the prompt ${this.definition.name}`);
    const parsed = this.schema.safeParse(args ?? {});
    if (!parsed.success) {
      throw new McpError(
        ErrorCode.InvalidParams,
        `Invalid arguments for prompt ${this.definition.name}: ${describeIssues(parsed.error)}`,
      );
    }
    const value = await this.handler(parsed.data as never, context);
    const result = toGetPromptResult(value);
    if (result.description === undefined && this.definition.description !== undefined) {
      result.description = this.definition.description;
    }
    return result;
  }
}

function toGetPromptResult(value: PromptValue): GetPromptResult {
  if (typeof value === "string")
    return { messages: [{ role: "user", content: { type: "text", text: value } }] };
  if (Array.isArray(value)) return { messages: value.map(toPromptMessage) };
  if ("messages" in value && Array.isArray(value.messages)) return value;
  return { messages: [toPromptMessage(value as PromptMessageInput)] };
}

function toPromptMessage(message: PromptMessageInput): PromptMessage {
  if (!isSingleContent(message.content)) {
    throw new TypeError("A prompt message's content must be text, an Image, an Audio or a content block");
  }
  return { role: message.role, content: toContentBlock(message.content) };
}

import { z } from "zod";
import { isProduction } from "../config/node-env.js";
import { ToolError } from "../errors.js";
import { compileJsonSchema, type JsonSchemaCheck } from "../protocol/json-schema-validator.js";
import {
  describeIssues,
  type InferInput,
  type InputShape,
  inputJsonSchema,
  type JsonSchema,
  outputJsonSchema,
  toObjectSchema,
} from "../protocol/schema.js";
import type { CallToolResult, Icon, Meta, Tool, ToolAnnotations } from "../protocol/types.js";
import { checkTimeout } from "./check-timeout.js";
import type { Context } from "./context.js";
import { parseRateLimit, type RateLimitSpec } from "./rate-limit.js";
import { type Component, metaWithTags, toTags } from "./tags.js";
import { errorResult, isCallToolResult, toCallToolResult } from "./tool-result.js";

type MaybePromise<T> = T | Promise<T>;

export interface ToolOptions<
  I extends InputShape | undefined = undefined,
  O extends z.ZodType | undefined = undefined,
> {
  /** 1-128 characters of A-Z a-z 0-9 _ - . (spec 2025-11-25); snake_case `verb_noun` by convention. */
  name: string;
  title?: string;
  /** Written for the model that decides when to call the tool. */
  description?: string;
  /** Parameters as a zod shape or object; `.describe()` text becomes each parameter's description. */
  input?: I;
  /**
   * Parameters as a ready JSON Schema, for tools generated from another description (OpenAPI, a
   * proxied server). Arguments are validated with Ajv: JSON Schema 2020-12, or draft-07 when its
   * `$schema` says so. Prefer `input`.
   */
  inputSchema?: JsonSchema;
  /** When given, results are validated against it and sent as `structuredContent` too. */
  output?: O;
  /**
   * When results are checked against `output`: `"always"` (the default), or `"development"`, which
   * skips the check when `NODE_ENV` is `"production"`, for a tool whose handler builds exactly the
   * schema's shape and whose results are big (a listing of 1000 entries costs 1000 element checks),
   * or `"never"`. A result that is not checked is sent as returned: zod's defaults, transforms and
   * removal of unknown keys apply only to a checked one.
   */
  validateOutput?: OutputValidation;
  /** A ready output JSON Schema, advertised as is (for proxied tools, whose results pass through). */
  outputSchema?: JsonSchema;
  annotations?: ToolAnnotations;
  icons?: Icon[];
  _meta?: Meta;
  /** Calls allowed to this tool, e.g. "10/minute". */
  rateLimit?: RateLimitSpec;
  /**
   * How long a call may run, in milliseconds, before its signal aborts and the caller gets a tool
   * error naming the limit; overrides the server's `toolTimeoutMs` (Infinity: no limit).
   */
  timeoutMs?: number;
  /** Labels for `includeTags`/`excludeTags`, `enable`/`disable` and `ctx.hide`; listed in `_meta`. */
  tags?: readonly string[];
  /**
   * OAuth scopes a caller's token must carry to see and use this component; a caller without them
   * does not find it in the list and is refused (HTTP 403 with the step-up challenge). Checked
   * only for authenticated requests: stdio and unauthenticated HTTP serve everything.
   */
  scopes?: string[];
}

/** Every key of `ToolOptions`, checked at registration so that a misspelt option is an error. */
export const TOOL_OPTION_KEYS = {
  name: true,
  title: true,
  description: true,
  input: true,
  inputSchema: true,
  output: true,
  validateOutput: true,
  outputSchema: true,
  annotations: true,
  icons: true,
  _meta: true,
  rateLimit: true,
  timeoutMs: true,
  tags: true,
  scopes: true,
} as const satisfies Record<keyof ToolOptions, true>;

export type ToolHandler<I extends InputShape | undefined, O extends z.ZodType | undefined, L = unknown> = (
  args: InferInput<I>,
  context: Context<L>,
) => MaybePromise<O extends z.ZodType ? z.input<O> | CallToolResult : unknown>;

/** When a tool's results are checked against its `output` schema; see `ToolOptions.validateOutput`. */
export type OutputValidation = "always" | "development" | "never";

const TOOL_NAME = /^[A-Za-z0-9_.-]{1,128}$/;

/**
 * A tool as registered on a server: its advertised definition, computed once, and the handle to
 * enable, disable or remove it at run time.
 */
export class RegisteredTool {
  readonly definition: Tool;
  /** Exactly one of these checks the arguments: zod for `input`, Ajv for a raw `inputSchema`. */
  private readonly inputSchema: z.ZodType<Record<string, unknown>> | undefined;
  private readonly checkRawInput: JsonSchemaCheck | undefined;
  /** Unset when results are not checked (`validateOutput`), though the schema is still advertised. */
  private readonly outputSchema: z.ZodType | undefined;
  /** Non-object outputs are sent as `{ result: value }`, since structured content is an object. */
  private readonly wrapsOutput: boolean;
  /** Whether results go out as `structuredContent` too (the tool has an `output` schema). */
  private readonly structured: boolean = false;
  /** The tool's own rate limit, checked by the rate-limit middleware with the server's in one decision. */
  readonly rateLimit: RateLimitSpec | undefined;
  /** The tool's own time limit, which the engine applies. */
  readonly timeoutMs: number | undefined;
  /** The tool as visibility rules see it. */
  readonly component: Component;
  /** The OAuth scopes a caller needs (`ToolOptions.scopes`). */
  readonly scopes: readonly string[] | undefined;
  private isEnabled = true;

  constructor(
    options: ToolOptions<InputShape | undefined, z.ZodType | undefined>,
    private readonly handler: (args: never, context: Context) => unknown,
    private readonly onChange: (tool: RegisteredTool, removed?: boolean) => void,
  ) {
    if (!TOOL_NAME.test(options.name)) {
      throw new TypeError(`Invalid tool name "${options.name}": use 1-128 letters, digits, "_", "-" or "."`);
    }
    if (options.input !== undefined && options.inputSchema !== undefined) {
      throw new TypeError(`Tool "${options.name}" has both input and inputSchema: give one`);
    }
    let advertised: JsonSchema;
    if (options.inputSchema) {
      this.checkRawInput = rawInputCheck(options.name, options.inputSchema);
      advertised = options.inputSchema;
    } else {
      this.inputSchema = toObjectSchema(options.input);
      advertised = inputJsonSchema(this.inputSchema);
    }
    const definition: Tool = { name: options.name, inputSchema: advertised };
    if (options.title !== undefined) definition.title = options.title;
    if (options.description !== undefined) definition.description = options.description;
    if (options.annotations !== undefined) definition.annotations = options.annotations;
    if (options.icons !== undefined) definition.icons = options.icons;
    const tags = toTags(`Tool "${options.name}"`, options.tags);
    const meta = metaWithTags(options._meta, tags);
    if (meta !== undefined) definition._meta = meta;
    this.component = { kind: "tool", key: options.name, tags };
    this.wrapsOutput = false;
    if (options.output) {
      const schema = outputJsonSchema(options.output);
      this.wrapsOutput = schema.type !== "object";
      if (checksOutput(options.validateOutput ?? "always")) {
        this.outputSchema = this.wrapsOutput ? z.object({ result: options.output }) : options.output;
      }
      this.structured = true;
      definition.outputSchema = this.wrapsOutput ? wrapSchema(schema) : schema;
    }
    if (options.outputSchema !== undefined && !options.output) definition.outputSchema = options.outputSchema;
    this.definition = definition;
    if (options.rateLimit !== undefined) parseRateLimit(options.rateLimit);
    this.rateLimit = options.rateLimit;
    this.timeoutMs = checkTimeout(`Tool "${options.name}" timeoutMs`, options.timeoutMs);
    this.scopes = options.scopes;
  }

  get name(): string {
    return this.definition.name;
  }

  get tags(): ReadonlySet<string> {
    return this.component.tags;
  }

  get enabled(): boolean {
    return this.isEnabled;
  }

  /** Makes the tool visible and callable again (clients get `tools/list_changed`). */
  enable(): void {
    if (this.isEnabled) return;
    this.isEnabled = true;
    this.onChange(this);
  }

  /** Hides the tool from `tools/list` and rejects calls to it, until enabled. */
  disable(): void {
    if (!this.isEnabled) return;
    this.isEnabled = false;
    this.onChange(this);
  }

  /** Removes the tool from the server. */
  remove(): void {
    this.onChange(this, true);
  }

  /** Validates the arguments, runs the handler and converts what it returns. */
  async call(args: unknown, context: Context): Promise<CallToolResult> {
    if (args !== undefined && (typeof args !== "object" || args === null || Array.isArray(args))) {
      return errorResult(`Invalid arguments for tool ${this.name}: arguments must be a JSON object`);
    }
    let input = args ?? {};
    if (this.inputSchema) {
      const parsed = this.inputSchema.safeParse(input);
      if (!parsed.success) {
        return errorResult(`Invalid arguments for tool ${this.name}: ${describeIssues(parsed.error)}`);
      }
      input = parsed.data;
    } else {
      const problem = this.checkRawInput?.(input);
      if (problem !== undefined) return errorResult(`Invalid arguments for tool ${this.name}: ${problem}`);
    }
    const value = await this.handler(input as never, context);
    if (!this.structured || isCallToolResult(value)) return toCallToolResult(value);
    const structuredContent = this.checkOutput(this.wrapsOutput ? { result: value } : value);
    const text = JSON.stringify(this.wrapsOutput ? (structuredContent.result ?? null) : structuredContent);
    return { content: [{ type: "text", text }], structuredContent };
  }

  private checkOutput(value: unknown): Record<string, unknown> {
    if (!this.outputSchema) return value as Record<string, unknown>;
    const checked = this.outputSchema.safeParse(value);
    if (!checked.success) {
      throw new Error(
        `Tool ${this.name} returned a value that does not match its output schema: ${describeIssues(checked.error)}`,
      );
    }
    return checked.data as Record<string, unknown>;
  }
}

/** Decided at registration: the environment of a running server does not change. */
function checksOutput(validation: OutputValidation): boolean {
  if (validation === "development") return !isProduction();
  return validation === "always";
}

/** Compiled once, at registration: a schema Ajv rejects is the tool author's bug, named here. */
function rawInputCheck(name: string, schema: JsonSchema): JsonSchemaCheck {
  try {
    return compileJsonSchema(schema);
  } catch (error) {
    throw new TypeError(`Tool "${name}" has an invalid inputSchema: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

function wrapSchema(schema: JsonSchema): JsonSchema {
  const { $schema, ...inner } = schema;
  const wrapped: JsonSchema = { type: "object", properties: { result: inner }, required: ["result"] };
  if ($schema !== undefined) wrapped.$schema = $schema;
  return wrapped;
}

export { ToolError };

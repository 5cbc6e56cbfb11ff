import { z } from "zod";
import type { JsonSchema } from "../protocol/schema.js";
import type { Tool } from "../protocol/types.js";
import { defined } from "./defined.js";

/**
 * How one argument of a mounted or proxied tool is shown to clients. `hide` takes it out of the
 * schema and sends `default` (or nothing) in its place, whatever the caller sent; a visible
 * argument with a `default` becomes optional and gets that value when the caller leaves it out.
 */
export interface ArgumentTransform {
  /** The argument's name as clients see it; the source tool still gets its own name. */
  name?: string;
  description?: string;
  hide?: boolean;
  /** The fixed value of a hidden argument, or the value a visible one takes when absent. */
  default?: unknown;
}

/**
 * How a mounted or proxied tool is shown to clients, without touching the server it comes from:
 * a new name (a mount still adds its prefix), title or description, and per-argument changes.
 *
 * @example
 * mcp.mount("weather", weather, {
 *   transforms: {
 *     get_forecast: {
 *       name: "forecast",
 *       description: "Three-day forecast for a city.",
 *       arguments: { units: { hide: true, default: "metric" }, city: { description: "A city name" } },
 *     },
 *   },
 * });
 */
export interface ToolTransform {
  name?: string;
  title?: string;
  description?: string;
  arguments?: Record<string, ArgumentTransform>;
}

/** Transforms keyed by the source server's tool name. */
export type ToolTransforms = Record<string, ToolTransform>;

/** A tool as clients see it after its transform, and how its arguments go back to the source. */
export interface TransformedTool {
  definition: Tool;
  /** The caller's arguments as the source tool expects them. */
  toSource(args: Record<string, unknown> | undefined): Record<string, unknown> | undefined;
}

const argumentTransform = z.strictObject({
  name: z.string().min(1).optional(),
  description: z.string().optional(),
  hide: z.boolean().optional(),
  default: z.unknown().optional(),
});
const toolTransform = z.strictObject({
  name: z.string().min(1).optional(),
  title: z.string().optional(),
  description: z.string().optional(),
  arguments: z.record(z.string(), argumentTransform).optional(),
});
const toolTransforms = z.record(z.string(), toolTransform);

/** Checks transforms once, where they are given: a misspelt key is an error, not a silent no-op. */
export function checkToolTransforms(transforms: ToolTransforms | undefined): ToolTransforms {
  if (transforms === undefined) return {};
  const checked = toolTransforms.safeParse(transforms);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const where = issue?.path.join(".") ?? "";
    throw new TypeError(
      `Invalid tool transforms${where ? ` at ${where}` : ""}: ${issue?.message ?? "invalid"}`,
    );
  }
  return transforms;
}

/** The transform for one tool; own keys only, so a tool named `toString` is not transformed. */
export function transformFor(transforms: ToolTransforms, name: string): ToolTransform | undefined {
  return Object.hasOwn(transforms, name) ? transforms[name] : undefined;
}

interface ArgumentPlan {
  /** The source tool's argument name. */
  source: string;
  /** The name clients use; undefined when hidden. */
  shown: string | undefined;
  hasDefault: boolean;
  value: unknown;
}

/**
 * Applies a transform to a tool's advertised definition. Throws when it cannot hold: an argument
 * the schema does not have, a required argument hidden without a default, two arguments shown
 * under one name.
 */
export function transformTool(definition: Tool, transform: ToolTransform | undefined): TransformedTool {
  if (transform === undefined) return { definition, toSource: (args) => args };
  const { arguments: argumentTransforms = {}, ...fields } = transform;
  const schema = definition.inputSchema as JsonSchema;
  const properties = { ...((schema.properties as Record<string, JsonSchema> | undefined) ?? {}) };
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const plans: ArgumentPlan[] = [];
  for (const [source, change] of Object.entries(argumentTransforms)) {
    const property = properties[source];
    if (property === undefined) {
      throw new TypeError(`Tool "${definition.name}" has no argument "${source}" to transform`);
    }
    const hasDefault = "default" in change;
    if (change.hide === true && required.has(source) && !hasDefault) {
      throw new TypeError(
        `Tool "${definition.name}": hiding the required argument "${source}" needs a default`,
      );
    }
    delete properties[source];
    const wasRequired = required.delete(source);
    const shown = change.hide === true ? undefined : (change.name ?? source);
    plans.push({ source, shown, hasDefault, value: change.default });
    if (shown === undefined) continue;
    const next: JsonSchema = { ...property };
    if (change.description !== undefined) next.description = change.description;
    if (hasDefault) next.default = change.default;
    else if (wasRequired) required.add(shown);
    if (shown in properties || plans.some((plan) => plan !== plans.at(-1) && plan.shown === shown)) {
      throw new TypeError(`Tool "${definition.name}": two arguments would be named "${shown}"`);
    }
    properties[shown] = next;
  }
  const inputSchema: JsonSchema = { ...schema, properties };
  if (required.size > 0) inputSchema.required = [...required];
  else delete inputSchema.required;
  const transformed: Tool = { ...definition, ...defined(fields), inputSchema };
  return { definition: transformed, toSource: (args) => toSource(args, plans) };
}

function toSource(
  args: Record<string, unknown> | undefined,
  plans: readonly ArgumentPlan[],
): Record<string, unknown> {
  const result: Record<string, unknown> = { ...args };
  // Read every value first: one argument's new name may be another's old one.
  const given = plans.map((plan) => (plan.shown === undefined ? undefined : args?.[plan.shown]));
  for (const plan of plans) {
    if (plan.shown !== undefined) delete result[plan.shown];
    // A hidden argument is fixed, and a renamed one answers to its new name only.
    delete result[plan.source];
  }
  plans.forEach((plan, index) => {
    const value = given[index];
    if (value !== undefined) result[plan.source] = value;
    else if (plan.hasDefault) result[plan.source] = plan.value;
  });
  return result;
}

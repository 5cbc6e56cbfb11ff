import { z } from "zod";

/**
 * How a flag is written: `string` takes one value (`--port 3000`), `boolean` none (`--offline`),
 * `list` is repeatable (`--root a --root b`) and its environment variable holds several values
 * separated by the platform's path delimiter.
 */
export type FlagKind = "string" | "boolean" | "list";

/**
 * One row of a flag table: everything about a flag, written once. `schema` checks the raw value
 * (a string, `true`, a string array, or `undefined` when neither the flag nor its environment
 * variable is set) and carries the default; its messages are shown after the flag's name
 * (`"must be a number"` reads "--port must be a number").
 */
export interface Flag<Output = unknown> {
  readonly kind: FlagKind;
  readonly schema: z.ZodType<Output>;
  /** One line for `--help`; the default and the environment variable are appended. */
  readonly help: string;
  /** The flag's name without dashes; by default the table key in kebab-case (`maxRows`: `max-rows`). */
  readonly name?: string | undefined;
  /** Shown after the flag in `--help`, e.g. `<ms>`; `string` and `list` flags default to `<value>`. */
  readonly placeholder?: string | undefined;
  /** The environment variable after the table's prefix (`"ROOTS"`: `FILE_MANAGER_ROOTS`); false: none. */
  readonly env?: string | false | undefined;
  /** The default as `--help` shows it, when the schema's own default does not read well. */
  readonly defaultHelp?: string | undefined;
}

/** A flag's options without its schema, for the helpers below. */
export type FlagOptions = Omit<Flag, "kind" | "schema" | "help">;

/**
 * Declares a flag with its own schema, for a value the helpers below do not cover.
 *
 * @example
 * const origin = defineFlag({ kind: "string", help: "Forecast origin", placeholder: "<url>",
 *   schema: z.url({ error: "must be an http(s) URL" }).default("https://api.open-meteo.com") });
 */
export function defineFlag<Output>(flag: Flag<Output>): Flag<Output> {
  return flag;
}

const truthy = new Set(["1", "true", "yes"]);

/**
 * A switch, off unless given; its environment variable is on for `1`, `true` or `yes`.
 *
 * @example
 * const flags = { offline: booleanFlag("Serve recorded responses") }; // --offline, WEATHER_OFFLINE=1
 */
export function booleanFlag(help: string, options: FlagOptions = {}): Flag<boolean> {
  const schema = z
    .union([z.boolean(), z.enum(["1", "true", "yes", "0", "false", "no"])], {
      error: "must be 1, true, yes, 0, false or no",
    })
    .optional()
    .transform((value) => value === true || (typeof value === "string" && truthy.has(value)));
  return { kind: "boolean", schema, help, ...options };
}

/**
 * A flag that takes one value, with a default or else optional.
 *
 * @example
 * const flags = { userAgent: stringFlag("Sent upstream", { default: "mcpkit-weather" }) };
 */
export function stringFlag(help: string, options: FlagOptions & { default: string }): Flag<string>;
export function stringFlag(help: string, options?: FlagOptions): Flag<string | undefined>;
export function stringFlag(
  help: string,
  { default: fallback, ...options }: FlagOptions & { default?: string } = {},
): Flag<string | undefined> {
  const value = z.string().min(1, "must not be empty");
  return {
    kind: "string",
    schema: fallback === undefined ? value.optional() : value.default(fallback),
    help,
    ...options,
  };
}

/**
 * A flag that takes a whole number from `min` (default 1) to `max`: a limit, a count, a timeout.
 *
 * @example
 * const flags = { maxRows: numberFlag("Most rows a call returns", { max: 100_000, default: 1000 }) };
 * // "--max-rows 0": "--max-rows must be at least 1"
 */
export function numberFlag(
  help: string,
  {
    min = 1,
    max,
    default: fallback,
    ...options
  }: FlagOptions & { min?: number; max?: number; default: number },
): Flag<number> {
  const atLeast = z.coerce
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(min, `must be at least ${min}`);
  const value = max === undefined ? atLeast : atLeast.max(max, `must be at most ${max}`);
  return { kind: "string", schema: value.default(fallback), help, placeholder: "<n>", ...options };
}

/**
 * A flag that takes one of a few words.
 *
 * @example
 * const flags = { format: enumFlag(["text", "json"], "Output format", { default: "text" }) };
 */
export function enumFlag<const Value extends string>(
  values: readonly [Value, ...Value[]],
  help: string,
  { default: fallback, ...options }: FlagOptions & { default: Value },
): Flag<Value> {
  const words = values.length > 1 ? `${values.slice(0, -1).join(", ")} or ${values.at(-1)}` : values[0];
  const schema = z.enum(values, { error: `must be ${words}` }).default(fallback as never);
  return { kind: "string", schema, help, placeholder: `<${values.join("|")}>`, ...options };
}

/**
 * A repeatable flag collecting strings, empty by default.
 *
 * @example
 * const flags = { root: listFlag("Shared directory, repeatable", { env: "ROOTS", placeholder: "<dir>" }) };
 */
export function listFlag(help: string, options: FlagOptions = {}): Flag<string[]> {
  const schema = z
    .array(z.string().min(1, "needs a value"))
    .optional()
    .transform((value) => value ?? []);
  return { kind: "list", schema, help, ...options };
}

import type { z } from "zod";
import type { ContentBlock, Meta } from "../protocol/types.js";

/** One tool as a typed client sees it: the arguments it takes and its `structuredContent`. */
export interface ToolType {
  input: Record<string, unknown>;
  output: Record<string, unknown>;
}

/**
 * The tools of a server, by name, for a typed `Client`: inferred from a `FastMCP` built with
 * `addTool`, or written by `mcpkit types <server>` for a remote one.
 *
 * @example
 * type WeatherTools = {
 *   get_forecast: { input: { city: string; days?: number }; output: { summary: string } };
 * };
 * const client = await Client.connect<WeatherTools>("http://127.0.0.1:3000/mcp");
 */
export type ToolTypes = Record<string, ToolType>;

/** A server nobody typed: any tool name, any arguments (what `Client` is without a type). */
export type AnyTools = Record<string, ToolType>;

/** The arguments a caller sends for an `input` shape: zod's input type, so defaults are optional. */
export type ToolInput<I> = I extends z.ZodObject
  ? z.input<I>
  : I extends z.ZodRawShape
    ? z.input<z.ZodObject<I>>
    : Record<string, never>;

/** A tool's `structuredContent` on the wire: an object output as is, anything else as `{ result }`. */
export type ToolOutput<O> = O extends z.ZodObject | z.ZodRecord
  ? z.output<O>
  : O extends z.ZodType
    ? { result: z.output<O> }
    : Record<string, unknown>;

/** `T` with one more tool; an untyped `T` (any name) starts the list afresh. */
export type WithTool<T extends ToolTypes, N extends string, I, O> = (string extends keyof T ? unknown : T) & {
  [K in N]: { input: ToolInput<I>; output: ToolOutput<O> };
};

/** `callTool`'s arguments: optional when the tool has no required argument. */
// biome-ignore lint/complexity/noBannedTypes: {} is exactly "an object with no required property"
export type CallToolArgs<In, Options> = {} extends In
  ? [args?: In, options?: Options]
  : [args: In, options?: Options];

/** A `CallToolResult` whose `structuredContent` has the tool's output type. */
export interface TypedCallToolResult<S> {
  content: ContentBlock[];
  structuredContent?: S;
  isError?: boolean;
  _meta?: Meta;
  [key: string]: unknown;
}

/** The tool types a client target carries: a typed `FastMCP`'s, else any. */
export type ToolsOf<S> = S extends { readonly "~tools"?: infer T }
  ? T extends ToolTypes
    ? T
    : AnyTools
  : AnyTools;

import { z } from "zod";

type MaybePromise<T> = T | Promise<T>;

/** Suggests values for one argument, given what the user has typed so far. */
export type Completer = (
  value: string,
  context: { arguments: Record<string, string> },
) => MaybePromise<readonly string[]>;

/** Completers per argument name, for a prompt or a resource template. */
export type Completers = Record<string, Completer>;

const MAX_VALUES = 100;

/** The `completion/complete` result: at most 100 values, with the total when there were more. */
export async function complete(
  completer: Completer | undefined,
  value: string,
  context: { arguments: Record<string, string> },
): Promise<{ completion: { values: string[]; total: number; hasMore: boolean } }> {
  const all = completer ? await completer(value, context) : [];
  const values = all.slice(0, MAX_VALUES);
  return { completion: { values, total: all.length, hasMore: all.length > MAX_VALUES } };
}

/** A completer for an enum argument: its options that start with what was typed. */
export function enumCompleter(schema: z.ZodType): Completer | undefined {
  const inner = schema instanceof z.ZodOptional || schema instanceof z.ZodDefault ? schema.unwrap() : schema;
  if (!(inner instanceof z.ZodEnum)) return undefined;
  const options = inner.options.map(String);
  return (value) => options.filter((option) => option.toLowerCase().startsWith(value.toLowerCase()));
}

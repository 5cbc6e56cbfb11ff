import { z } from "zod";
import type { PromptArgument } from "../protocol/types.js";
import type { Completer, Completers } from "../server/completion.js";
import type { PromptArgs } from "../server/prompts.js";

/**
 * Declared prompt arguments re-declared as plain strings, for a prompt served on behalf of
 * another server: the other server's own schemas validate the values, once.
 */
export function stringArgs(
  declared: readonly PromptArgument[],
  completer: (argument: string) => Completer | undefined,
): { args: PromptArgs; complete: Completers } {
  const args: PromptArgs = {};
  const complete: Completers = {};
  for (const argument of declared) {
    const schema = argument.required ? z.string() : z.string().optional();
    args[argument.name] = argument.description === undefined ? schema : schema.describe(argument.description);
    const found = completer(argument.name);
    if (found) complete[argument.name] = found;
  }
  return { args, complete };
}

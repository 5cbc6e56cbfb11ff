import { UsageError } from "./errors.js";
import { resolveTarget, type Target } from "./target.js";

/**
 * The target of a command line and the positionals after it. The target is the first positional,
 * unless `--command` names it, or the words after `--` are the server command (then the first
 * positional, if it is not a target itself, belongs to the command: `mcpkit call add a=1 -- node s.js`).
 */
export function takeTarget(
  positionals: string[],
  rest: string[],
  command: string | undefined,
): { target: Target; positionals: string[] } {
  if (command !== undefined)
    return { target: resolveTarget({ spec: undefined, rest, command }), positionals };
  const [spec, ...after] = positionals;
  if (spec === undefined) return { target: resolveTarget({ spec: undefined, rest }), positionals: [] };
  try {
    return { target: resolveTarget({ spec, rest }), positionals: after };
  } catch (error) {
    if (rest.length > 0 && error instanceof UsageError)
      return { target: resolveTarget({ spec: undefined, rest }), positionals };
    throw error;
  }
}

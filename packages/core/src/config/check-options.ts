import { nearestName } from "./nearest-name.js";

/**
 * Throws a `TypeError` for the first key of `options` that `known` does not list, naming it and
 * the nearest known one: an option is never silently ignored. `known` is the one list of an
 * options type's keys, kept complete by `satisfies Record<keyof Options, true>` beside the type.
 *
 * @example
 * checkOptions("tool", { name: "x", timeout: 5 }, TOOL_OPTION_KEYS);
 * // TypeError: Unknown tool option "timeout" (did you mean "timeoutMs"?)
 */
export function checkOptions(what: string, options: object, known: Readonly<Record<string, true>>): void {
  for (const key of Object.keys(options)) {
    if (Object.hasOwn(known, key)) continue;
    const nearest = nearestName(key, Object.keys(known));
    const hint = nearest === undefined ? "" : ` (did you mean "${nearest}"?)`;
    throw new TypeError(`Unknown ${what} option "${key}"${hint}`);
  }
}

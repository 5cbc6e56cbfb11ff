/** A copy of `value` without its undefined fields, for optional properties under exactOptionalPropertyTypes. */
export function defined<T extends Record<string, unknown>>(
  value: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) if (item !== undefined) result[key] = item;
  return result as { [K in keyof T]?: Exclude<T[K], undefined> };
}

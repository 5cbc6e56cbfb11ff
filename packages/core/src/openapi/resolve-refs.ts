import type { JsonSchema } from "../protocol/schema.js";

const MAX_DEPTH = 64;

/**
 * A copy of `value` with every local `$ref` (`#/components/schemas/Pet`) replaced by what it points
 * at, so a generated tool's input schema stands alone. A reference that points back into itself
 * (a tree of categories) is cut to a plain `{}` with a note, remote references likewise, and
 * OpenAPI 3.0's `nullable: true` becomes the JSON Schema `type: [..., "null"]` clients understand.
 */
export function resolveRefs(value: unknown, document: unknown): unknown {
  return resolve(value, document, [], 0);
}

function resolve(value: unknown, document: unknown, trail: string[], depth: number): unknown {
  if (Array.isArray(value)) return value.map((item) => resolve(item, document, trail, depth + 1));
  if (typeof value !== "object" || value === null) return value;
  if (depth > MAX_DEPTH) return { description: "(schema nested too deeply to inline)" };
  const object = value as JsonSchema;
  const { $ref, ...siblings } = object;
  if (typeof $ref === "string") {
    if (!$ref.startsWith("#")) return { ...keep(siblings), description: `(unresolved reference ${$ref})` };
    if (trail.includes($ref)) return { ...keep(siblings), description: `(recursive: see ${$ref})` };
    const target = followPointer(document, $ref);
    if (target === undefined) return { ...keep(siblings), description: `(unresolved reference ${$ref})` };
    const resolved = resolve(target, document, [...trail, $ref], depth + 1);
    const merged =
      typeof resolved === "object" && resolved !== null && !Array.isArray(resolved) ? resolved : {};
    return { ...merged, ...(resolve(siblings, document, trail, depth + 1) as JsonSchema) };
  }
  const result: JsonSchema = {};
  for (const [key, item] of Object.entries(object)) result[key] = resolve(item, document, trail, depth + 1);
  if (result.nullable === true) {
    delete result.nullable;
    if (typeof result.type === "string") result.type = [result.type, "null"];
  }
  return result;
}

/** Only the annotations worth keeping next to a cut reference. */
function keep(siblings: JsonSchema): JsonSchema {
  const kept: JsonSchema = {};
  if (typeof siblings.title === "string") kept.title = siblings.title;
  return kept;
}

/** Follows a JSON Pointer (RFC 6901) such as `#/components/schemas/Pet` inside the document. */
export function followPointer(document: unknown, pointer: string): unknown {
  const path = pointer.replace(/^#\/?/, "");
  if (path === "") return document;
  let current: unknown = document;
  for (const raw of path.split("/")) {
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    if (typeof current !== "object" || current === null || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

import type { OpenAPIOperation } from "./operations.js";

const MAX_NAME = 64;

/**
 * A valid, unique tool name for each operation: the `operationId` made snake_case
 * (`getPetById` -> `get_pet_by_id`), or method and path when there is none (`get_pets_pet_id`),
 * cut to 64 characters, with `_2`, `_3` appended when two come out the same.
 */
export function operationNames(operations: OpenAPIOperation[], prefix = ""): string[] {
  const taken = new Set<string>();
  return operations.map((operation) => {
    const base = `${prefix}${snakeCase(operation.operationId ?? `${operation.method} ${operation.path}`)}`;
    const stem = base.slice(0, MAX_NAME) || "operation";
    let name = stem;
    for (let count = 2; taken.has(name); count++)
      name = `${stem.slice(0, MAX_NAME - String(count).length - 1)}_${count}`;
    taken.add(name);
    return name;
  });
}

function snakeCase(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .toLowerCase();
}

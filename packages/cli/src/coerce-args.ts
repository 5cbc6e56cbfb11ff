import { UsageError } from "./errors.js";
import { didYouMean } from "./suggest.js";

type JsonSchema = Record<string, unknown>;

/**
 * Tool arguments from `key=value` words and an optional `--json` object: each value is converted
 * to the type the tool's input schema declares (numbers, booleans, and JSON for objects/arrays).
 */
export function parseToolArguments(
  words: string[],
  json: string | undefined,
  schema: JsonSchema | undefined,
): Record<string, unknown> {
  let args: Record<string, unknown> = {};
  if (json !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch (error) {
      throw new UsageError(`--json is not valid JSON: ${(error as Error).message}`);
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
      throw new UsageError("--json must be a JSON object");
    args = { ...(parsed as Record<string, unknown>) };
  }
  const properties = (schema?.properties ?? {}) as Record<string, JsonSchema>;
  const names = Object.keys(properties);
  for (const word of words) {
    const equals = word.indexOf("=");
    if (equals <= 0)
      throw new UsageError(
        `Arguments are key=value, got "${word}"${names.length ? ` (the tool takes: ${names.join(", ")})` : ""}`,
      );
    const key = word.slice(0, equals);
    const raw = word.slice(equals + 1);
    const property = properties[key];
    if (!property && schema?.additionalProperties === false) {
      throw new UsageError(
        `Unknown argument "${key}".${didYouMean(key, names)} The tool takes: ${names.join(", ") || "no arguments"}`,
      );
    }
    args[key] = coerce(key, raw, property);
  }
  return args;
}

function coerce(key: string, raw: string, property: JsonSchema | undefined): unknown {
  const types = declaredTypes(property);
  if (types.size === 0 || types.has("string")) return raw;
  if (types.has("integer") || types.has("number")) {
    const value = Number(raw);
    if (raw.trim() !== "" && Number.isFinite(value)) return value;
    if (!types.has("boolean") && !types.has("object") && !types.has("array"))
      throw new UsageError(`${key} must be a number, got "${raw}"`);
  }
  if (types.has("boolean")) {
    if (/^(true|yes|1)$/i.test(raw)) return true;
    if (/^(false|no|0)$/i.test(raw)) return false;
  }
  if (types.has("null") && raw === "null") return null;
  try {
    return JSON.parse(raw);
  } catch {
    throw new UsageError(`${key} must be ${[...types].join(" or ")} (as JSON), got ${JSON.stringify(raw)}`);
  }
}

function declaredTypes(property: JsonSchema | undefined): Set<string> {
  const types = new Set<string>();
  if (!property) return types;
  const add = (schema: unknown) => {
    if (typeof schema !== "object" || schema === null) return;
    const record = schema as JsonSchema;
    if (typeof record.type === "string") types.add(record.type);
    if (Array.isArray(record.type))
      for (const type of record.type) if (typeof type === "string") types.add(type);
    if (Array.isArray(record.enum) && record.enum.every((item) => typeof item === "string"))
      types.add("string");
    if (typeof record.const === "string") types.add("string");
    for (const key of ["anyOf", "oneOf", "allOf"])
      if (Array.isArray(record[key])) for (const item of record[key] as unknown[]) add(item);
  };
  add(property);
  return types;
}

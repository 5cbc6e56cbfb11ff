/**
 * A TypeScript type for a JSON Schema, as tools advertise them: objects, arrays, enums, consts,
 * unions and the primitive types, with each property's description as its JSDoc. What TypeScript
 * cannot say (formats, bounds, patterns) is left to the server's own validation, and a schema it
 * does not understand (a `$ref`, `not`) becomes `unknown` rather than a wrong type.
 */
export function schemaToType(schema: unknown, indent = ""): string {
  if (schema === true || schema === undefined) return "unknown";
  if (schema === false) return "never";
  if (typeof schema !== "object" || schema === null) return "unknown";
  const node = schema as Record<string, unknown>;
  if ("const" in node) return literal(node.const);
  if (Array.isArray(node.enum)) return union(node.enum.map(literal));
  const variants = (node.anyOf ?? node.oneOf) as unknown[] | undefined;
  if (Array.isArray(variants)) return union(variants.map((variant) => schemaToType(variant, indent)));
  if (Array.isArray(node.allOf)) {
    return node.allOf.map((part) => wrap(schemaToType(part, indent))).join(" & ") || "unknown";
  }
  const type = node.type;
  if (Array.isArray(type)) return union(type.map((one) => schemaToType({ ...node, type: one }, indent)));
  switch (type) {
    case "string":
      return "string";
    case "number":
    case "integer":
      return "number";
    case "boolean":
      return "boolean";
    case "null":
      return "null";
    case "array":
      return arrayType(node, indent);
    case "object":
      return objectType(node, indent);
    default:
      return node.properties === undefined ? "unknown" : objectType(node, indent);
  }
}

function arrayType(node: Record<string, unknown>, indent: string): string {
  if (Array.isArray(node.prefixItems)) {
    return `[${node.prefixItems.map((item) => schemaToType(item, indent)).join(", ")}]`;
  }
  return `Array<${schemaToType(node.items, indent)}>`;
}

function objectType(node: Record<string, unknown>, indent: string): string {
  const properties = (node.properties ?? {}) as Record<string, unknown>;
  const required = new Set((node.required as string[] | undefined) ?? []);
  const inner = `${indent}  `;
  const lines: string[] = [];
  for (const [name, property] of Object.entries(properties)) {
    const description = (property as { description?: unknown } | null)?.description;
    if (typeof description === "string") lines.push(...jsDoc(description, inner));
    const optional = required.has(name) ? "" : "?";
    lines.push(`${inner}${propertyName(name)}${optional}: ${schemaToType(property, inner)};`);
  }
  const extra = node.additionalProperties;
  if (extra !== undefined && extra !== false)
    lines.push(`${inner}[key: string]: ${extra === true ? "unknown" : schemaToType(extra, inner)};`);
  if (lines.length === 0) return extra === false ? "Record<string, never>" : "Record<string, unknown>";
  return `{\n${lines.join("\n")}\n${indent}}`;
}

/** A description as a JSDoc block, its star-slashes escaped so that they cannot end it. */
export function jsDoc(text: string, indent: string): string[] {
  const lines = text.replaceAll("*/", "*\\/").split("\n");
  if (lines.length === 1) return [`${indent}/** ${lines[0]} */`];
  return [`${indent}/**`, ...lines.map((line) => `${indent} * ${line}`.trimEnd()), `${indent} */`];
}

export function propertyName(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
}

function literal(value: unknown): string {
  return value === undefined ? "undefined" : JSON.stringify(value);
}

function union(members: string[]): string {
  const unique = [...new Set(members)];
  return unique.length === 0 ? "never" : unique.map(wrap).join(" | ");
}

/** Parenthesises a union or intersection inside another. */
function wrap(type: string): string {
  return /^[^{[<]*[|&]/.test(type) ? `(${type})` : type;
}

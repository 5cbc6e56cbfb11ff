import { McpError } from "../errors.js";
import { encodeHeaderValue } from "../http/header-value.js";
import type { Tool } from "../protocol/types.js";

/** A tool parameter the server asks to see as an `Mcp-Param-{name}` header, and where it sits. */
interface HeaderParam {
  name: string;
  path: string[];
}

const HEADER_MISMATCH = -32020;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const PRIMITIVES = new Set(["string", "integer", "boolean"]);

/**
 * The 2026 `x-mcp-header` rule over Streamable HTTP (spec: transports/streamable-http, custom
 * headers): a tool's annotated parameters go into `Mcp-Param-*` headers on every `tools/call`,
 * and a tool whose annotations break the rules is left out of `tools/list`, with a warning.
 */
export class ToolHeaders {
  private readonly byTool = new Map<string, HeaderParam[]>();

  /** Remembers each valid tool's header params; drops the invalid ones. */
  accept(tools: Tool[]): Tool[] {
    return tools.filter((tool) => {
      const found = headerParams(tool.inputSchema);
      if (typeof found === "string") {
        process.stderr.write(`mcpkit client: leaving out tool "${tool.name}": ${found}\n`);
        this.byTool.delete(tool.name);
        return false;
      }
      if (found.length > 0) this.byTool.set(tool.name, found);
      else this.byTool.delete(tool.name);
      return true;
    });
  }

  /** The `Mcp-Param-*` headers of a request, when it is a call of a tool that has some. */
  headersFor(method: string, params: Record<string, unknown>): Record<string, string> | undefined {
    if (method !== "tools/call" || typeof params.name !== "string") return undefined;
    const wanted = this.byTool.get(params.name);
    if (!wanted) return undefined;
    const headers: Record<string, string> = {};
    for (const { name, path } of wanted) {
      const value = path.reduce<unknown>(
        (at, key) =>
          typeof at === "object" && at !== null ? (at as Record<string, unknown>)[key] : undefined,
        params.arguments,
      );
      const text = headerText(value);
      if (text !== undefined) headers[`Mcp-Param-${name}`] = encodeHeaderValue(text);
    }
    return headers;
  }

  /**
   * Runs a call; on a header mismatch (the tool's schema changed since it was listed) lists the
   * tools again and retries once, as the spec suggests.
   */
  async retryOnMismatch<T>(call: () => Promise<T>, relist: () => Promise<unknown>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof McpError) || error.code !== HEADER_MISMATCH) throw error;
      await relist();
      return call();
    }
  }
}

function headerText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return String(value);
  if (typeof value === "number" && Number.isSafeInteger(value)) return String(value);
  return undefined;
}

/** The annotated params of an input schema, or why the schema's annotations are invalid. */
function headerParams(schema: unknown): HeaderParam[] | string {
  const found: HeaderParam[] = [];
  const problem = walk(schema, [], true, found);
  if (problem) return problem;
  const names = new Set<string>();
  for (const { name } of found) {
    if (names.has(name.toLowerCase())) return `x-mcp-header "${name}" is used twice`;
    names.add(name.toLowerCase());
  }
  return found;
}

/** Only a chain of `properties` keys from the root may lead to an annotation. */
function walk(node: unknown, path: string[], reachable: boolean, found: HeaderParam[]): string | undefined {
  if (typeof node !== "object" || node === null) return undefined;
  if (Array.isArray(node)) {
    for (const item of node) {
      const problem = walk(item, path, false, found);
      if (problem) return problem;
    }
    return undefined;
  }
  const schema = node as Record<string, unknown>;
  for (const [key, value] of Object.entries(schema)) {
    if (key === "x-mcp-header") {
      const where = path.join(".") || "(root)";
      if (!reachable || path.length === 0)
        return `${where}: x-mcp-header is only allowed on a property reached through properties`;
      if (typeof value !== "string" || !TOKEN.test(value))
        return `${where}: x-mcp-header must be an HTTP token`;
      if (typeof schema.type !== "string" || !PRIMITIVES.has(schema.type))
        return `${where}: x-mcp-header needs a string, integer or boolean, not ${JSON.stringify(schema.type)}`;
      found.push({ name: value, path });
    } else if (key === "properties" && typeof value === "object" && value !== null && !Array.isArray(value)) {
      for (const [property, child] of Object.entries(value as Record<string, unknown>)) {
        const problem = walk(child, [...path, property], reachable, found);
        if (problem) return problem;
      }
    } else {
      const problem = walk(value, path, false, found);
      if (problem) return problem;
    }
  }
  return undefined;
}

import type { Tool } from "../protocol/types.js";
import { type HeaderMap, headerValue } from "./http-exchange.js";

/**
 * The 2026-07-28 headers that mirror body fields (`Mcp-Method`, `Mcp-Name`, `Mcp-Param-*`), so
 * that a gateway can route on them: the server checks each against the body it actually runs.
 */

const BASE64_PREFIX = "=?base64?";
const BASE64_SUFFIX = "?=";
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** A header's value with the `=?base64?...?=` form decoded; undefined when that form is malformed. */
export function decodeHeaderValue(raw: string): string | undefined {
  if (!raw.startsWith(BASE64_PREFIX) || !raw.endsWith(BASE64_SUFFIX) || raw.length < 11) return raw;
  const encoded = raw.slice(BASE64_PREFIX.length, -BASE64_SUFFIX.length);
  if (!BASE64.test(encoded)) return undefined;
  return Buffer.from(encoded, "base64").toString("utf8");
}

/** Which request field `Mcp-Name` mirrors, for the methods that require it. */
const NAMED: Record<string, "name" | "uri"> = {
  "tools/call": "name",
  "prompts/get": "name",
  "resources/read": "uri",
};

/** Why the standard headers disagree with the body, or undefined when they agree. */
export function standardHeaderProblem(
  headers: HeaderMap,
  method: string,
  params: Record<string, unknown> | undefined,
): string | undefined {
  const sent = headerValue(headers, "mcp-method");
  if (sent === undefined) return "the Mcp-Method header is required";
  if (sent !== method) return `Mcp-Method header value '${sent}' does not match body value '${method}'`;
  const field = NAMED[method];
  if (field === undefined) return undefined;
  const expected = params?.[field];
  const raw = headerValue(headers, "mcp-name");
  if (raw === undefined) return `the Mcp-Name header is required for ${method}`;
  const name = decodeHeaderValue(raw);
  if (name === undefined) return "Mcp-Name header value is not valid Base64";
  if (name !== expected)
    return `Mcp-Name header value '${name}' does not match body value '${String(expected)}'`;
  return undefined;
}

/** A parameter a tool mirrors into `Mcp-Param-{header}`: its path of `properties` keys. */
interface MirroredParameter {
  readonly header: string;
  readonly path: readonly string[];
}

const mirroredByTool = new WeakMap<object, readonly MirroredParameter[]>();

/** The parameters a tool's input schema marks with `x-mcp-header`, found once per definition. */
function mirroredParameters(tool: Tool): readonly MirroredParameter[] {
  let found = mirroredByTool.get(tool.inputSchema);
  if (!found) {
    const list: MirroredParameter[] = [];
    collect(tool.inputSchema, [], list);
    found = list;
    mirroredByTool.set(tool.inputSchema, found);
  }
  return found;
}

/** Only chains of `properties` keys count (spec: statically reachable), nothing under items or $ref. */
function collect(schema: unknown, path: string[], into: MirroredParameter[]): void {
  const properties = (schema as { properties?: Record<string, unknown> } | undefined)?.properties;
  if (typeof properties !== "object" || properties === null) return;
  for (const [key, property] of Object.entries(properties)) {
    const header = (property as Record<string, unknown> | undefined)?.["x-mcp-header"];
    if (typeof header === "string") into.push({ header: header.toLowerCase(), path: [...path, key] });
    collect(property, [...path, key], into);
  }
}

/**
 * Why a `tools/call`'s `Mcp-Param-*` headers disagree with its arguments, or undefined. Every
 * argument the tool mirrors and the call sets must come with its header, and match it after
 * decoding (integers compared as numbers, booleans as `true`/`false`).
 */
export function parameterHeaderProblem(headers: HeaderMap, tool: Tool, args: unknown): string | undefined {
  for (const { header, path } of mirroredParameters(tool)) {
    let value: unknown = args;
    for (const key of path) value = (value as Record<string, unknown> | undefined)?.[key];
    const name = `Mcp-Param-${header}`;
    const raw = headerValue(headers, `mcp-param-${header}`);
    if (value === undefined || value === null) continue;
    if (raw === undefined) return `the ${name} header is required when ${path.join(".")} is set`;
    const decoded = decodeHeaderValue(raw);
    if (decoded === undefined) return `${name} header value is not valid Base64`;
    const matches =
      typeof value === "number"
        ? decoded.trim() !== "" && Number(decoded) === value
        : typeof value === "boolean"
          ? decoded === String(value)
          : decoded === value;
    if (!matches) return `${name} header value '${decoded}' does not match body value '${String(value)}'`;
  }
  return undefined;
}

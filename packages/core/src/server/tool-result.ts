import { isContentBlock, isSingleContent, toContentBlock, toJsonText } from "../content/blocks.js";
import type { CallToolResult, ContentBlock } from "../protocol/types.js";

/**
 * A handler's return value as a `CallToolResult`, the way FastMCP converts it: text for strings
 * and scalars, image/audio for `Image`/`Audio`, JSON text for objects (a plain object is sent as
 * `structuredContent` too, as the spec allows without an output schema), a mix for an array of
 * content, and a full result passed through untouched.
 */
export function toCallToolResult(value: unknown): CallToolResult {
  if (isCallToolResult(value)) return value;
  if (value === undefined || value === null) return { content: [] };
  if (Array.isArray(value) && value.length > 0 && value.some(isSingleContent)) {
    return { content: value.map(toContentBlock) };
  }
  if (isSingleContent(value)) return { content: [toContentBlock(value)] };
  const content: ContentBlock[] = [{ type: "text", text: toJsonText(value) }];
  return isPlainObject(value) ? { content, structuredContent: value } : { content };
}

/** An object literal or `JSON.parse` output, not an array, a Date, a Map or a class instance. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

export function isCallToolResult(value: unknown): value is CallToolResult {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const content = (value as { content?: unknown }).content;
  return Array.isArray(content) && content.every(isContentBlock);
}

export function errorResult(message: string): CallToolResult {
  const content: ContentBlock[] = [{ type: "text", text: message }];
  return { content, isError: true };
}

import { embeddedResource } from "../content/blocks.js";
import { resourceNotFound, ToolError } from "../errors.js";
import type { CallToolResult } from "../protocol/types.js";
import { isJsonType } from "./operations.js";

const EXCERPT_CHARS = 1_000;

/**
 * A response as a tool result: JSON as `structuredContent` plus its text, text as text, anything
 * else as an embedded base64 resource, and a 4xx/5xx as `isError` with the status and an excerpt.
 */
export async function responseToToolResult(response: Response, url: string): Promise<CallToolResult> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  const contentType = response.headers.get("content-type") ?? "";
  if (!response.ok) {
    return { content: [{ type: "text", text: describeFailure(response, bytes) }], isError: true };
  }
  if (bytes.byteLength === 0)
    return { content: [{ type: "text", text: `HTTP ${response.status} (empty body)` }] };
  if (isJsonType(contentType)) {
    const text = decodeText(bytes);
    try {
      const value: unknown = JSON.parse(text);
      const structuredContent = isPlainObject(value) ? value : { result: value };
      return { content: [{ type: "text", text }], structuredContent };
    } catch {
      return { content: [{ type: "text", text: `The response said JSON but is not valid JSON:\n${text}` }] };
    }
  }
  if (isTextType(contentType)) return { content: [{ type: "text", text: decodeText(bytes) }] };
  const blob = Buffer.from(bytes).toString("base64");
  return {
    content: [embeddedResource({ uri: url, mimeType: contentType || "application/octet-stream", blob })],
  };
}

/** A response as a resource's value: text or bytes; a 404 is "resource not found", other failures a ToolError. */
export async function responseToResourceValue(response: Response, uri: string): Promise<string | Uint8Array> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (response.status === 404) throw resourceNotFound(uri);
  if (!response.ok) throw new ToolError(describeFailure(response, bytes));
  const contentType = response.headers.get("content-type") ?? "";
  return isJsonType(contentType) || isTextType(contentType) ? decodeText(bytes) : bytes;
}

function describeFailure(response: Response, bytes: Uint8Array): string {
  const excerpt = decodeText(bytes).slice(0, EXCERPT_CHARS);
  const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}`;
  return excerpt ? `${status}: ${excerpt}` : status;
}

function isTextType(contentType: string): boolean {
  return (
    contentType === "" ||
    /^text\/|^application\/(?:xml|javascript|x-www-form-urlencoded)|\+xml\b/i.test(contentType)
  );
}

function decodeText(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

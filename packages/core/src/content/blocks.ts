import type { ContentBlock, EmbeddedResource, ResourceContents, ResourceLink } from "../protocol/types.js";
import { Audio, Image } from "./media.js";

const CONTENT_TYPES = new Set(["text", "image", "audio", "resource", "resource_link"]);

/** True for a value already shaped as an MCP content block (`{ type: "text", text }`, ...). */
export function isContentBlock(value: unknown): value is ContentBlock {
  if (typeof value !== "object" || value === null) return false;
  const block = value as Record<string, unknown>;
  if (typeof block.type !== "string" || !CONTENT_TYPES.has(block.type)) return false;
  switch (block.type) {
    case "text":
      return typeof block.text === "string";
    case "image":
    case "audio":
      return typeof block.data === "string" && typeof block.mimeType === "string";
    case "resource":
      return typeof block.resource === "object" && block.resource !== null;
    default:
      return typeof block.uri === "string" && typeof block.name === "string";
  }
}

/** A value that converts to exactly one content block: a string, an `Image`/`Audio`, or a block. */
export function isSingleContent(value: unknown): boolean {
  return (
    typeof value === "string" || value instanceof Image || value instanceof Audio || isContentBlock(value)
  );
}

/** One value to one content block; objects and arrays become their JSON text. */
export function toContentBlock(value: unknown): ContentBlock {
  if (typeof value === "string") return { type: "text", text: value };
  if (value instanceof Image || value instanceof Audio) return value.toContent();
  if (isContentBlock(value)) return value;
  return { type: "text", text: toJsonText(value) };
}

export function toJsonText(value: unknown): string {
  if (value === undefined) return "";
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint")
    return String(value);
  return JSON.stringify(value, (_key, item) => (typeof item === "bigint" ? item.toString() : item), 2);
}

/**
 * A resource's contents embedded in a tool result or prompt message.
 *
 * @example
 * return [ "Here is the file:", embeddedResource({ uri: "file:///a.txt", text: "hello" }) ];
 */
export function embeddedResource(contents: ResourceContents): EmbeddedResource {
  return { type: "resource", resource: contents };
}

/**
 * A link to a resource the client can read later, instead of its contents.
 *
 * @example
 * return resourceLink({ uri: "schema://tables/orders", name: "orders" });
 */
export function resourceLink(link: Omit<ResourceLink, "type">): ResourceLink {
  return { type: "resource_link", ...link };
}

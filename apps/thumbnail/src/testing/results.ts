import type { CallToolResult, ImageContent } from "@mcpkit/core";

/** The text of a tool result's text blocks, joined. */
export function textOf(result: CallToolResult): string {
  return result.content.map((block) => (block.type === "text" ? block.text : "")).join("\n");
}

/** The one image block of a result, decoded. */
export function imageOf(result: CallToolResult): { mimeType: string; bytes: Buffer } {
  const image = result.content.find((block): block is ImageContent => block.type === "image");
  if (!image) throw new Error(`No image in the result: ${textOf(result)}`);
  return { mimeType: image.mimeType, bytes: Buffer.from(image.data, "base64") };
}

/** Asserts the call failed as a tool error and returns its message. */
export function errorOf(result: CallToolResult): string {
  if (!result.isError) throw new Error(`Expected a tool error, got: ${JSON.stringify(result).slice(0, 300)}`);
  return textOf(result);
}

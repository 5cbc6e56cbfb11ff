import { Audio, embeddedResource, type FastMCP, Image, ToolError } from "@mcpkit/core";
import { RED_PIXEL_PNG, silentWav } from "../media.js";

/** Tools whose results show each kind of content a tool can return, and a tool error. */
export function registerContentTools(mcp: FastMCP): void {
  mcp.tool(
    {
      name: "test_simple_text",
      description: "Returns a fixed sentence as plain text.",
      annotations: { readOnlyHint: true },
    },
    () => "This is a simple text response for testing.",
  );
  mcp.tool(
    {
      name: "test_image_content",
      description: "Returns a 1x1 red PNG image.",
      annotations: { readOnlyHint: true },
    },
    () => Image.fromBytes(RED_PIXEL_PNG, "image/png"),
  );
  mcp.tool(
    {
      name: "test_audio_content",
      description: "Returns a tenth of a second of silence as a WAV clip.",
      annotations: { readOnlyHint: true },
    },
    () => Audio.fromBytes(silentWav(), "audio/wav"),
  );
  mcp.tool(
    {
      name: "test_embedded_resource",
      description: "Returns a text resource embedded in the result.",
      annotations: { readOnlyHint: true },
    },
    () =>
      embeddedResource({
        uri: "test://embedded-resource",
        mimeType: "text/plain",
        text: "This is an embedded resource content.",
      }),
  );
  mcp.tool(
    {
      name: "test_multiple_content_types",
      description: "Returns text, an image and an embedded JSON resource in one result.",
      annotations: { readOnlyHint: true },
    },
    () => [
      "Multiple content types test:",
      Image.fromBytes(RED_PIXEL_PNG, "image/png"),
      embeddedResource({
        uri: "test://mixed-content-resource",
        mimeType: "application/json",
        text: JSON.stringify({ test: "data", value: 123 }),
      }),
    ],
  );
  mcp.tool(
    {
      name: "test_error_handling",
      description: "Always fails, to show how a tool reports an error the model can read.",
      annotations: { readOnlyHint: true },
    },
    () => {
      throw new ToolError("This tool intentionally returns an error for testing");
    },
  );
  mcp.tool(
    {
      name: "json_schema_2020_12_tool",
      description: "Takes input described by a JSON Schema 2020-12 document ($defs, $ref), kept verbatim.",
      inputSchema: {
        $schema: "https://json-schema.org/draft/2020-12/schema",
        type: "object",
        $defs: {
          address: {
            type: "object",
            properties: { street: { type: "string" }, city: { type: "string" } },
          },
        },
        properties: { name: { type: "string" }, address: { $ref: "#/$defs/address" } },
        additionalProperties: false,
      },
      annotations: { readOnlyHint: true },
    },
    (args) => `Received: ${JSON.stringify(args)}`,
  );
  mcp.tool(
    {
      name: "test_reconnection",
      description:
        "Answers after half a second: long enough for the server to close the call's stream and the client to resume it (SSE polling).",
      annotations: { readOnlyHint: true },
    },
    async () => {
      await new Promise((resolve) => setTimeout(resolve, 500));
      return "Reconnection test completed successfully";
    },
  );
}

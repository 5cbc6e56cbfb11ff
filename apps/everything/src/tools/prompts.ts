import { embeddedResource, type FastMCP, userMessage } from "@mcpkit/core";
import { z } from "zod";
import { RED_PIXEL_PNG } from "../media.js";

/** Prompts with no arguments, with arguments (and completion), an embedded resource and an image. */
export function registerPrompts(mcp: FastMCP): void {
  mcp.prompt({ name: "test_simple_prompt", description: "A prompt with no arguments." }, () => [
    userMessage({ type: "text", text: "This is a simple prompt for testing." }),
  ]);
  mcp.prompt(
    {
      name: "test_prompt_with_arguments",
      description: "A prompt that quotes its two arguments.",
      args: {
        arg1: z.string().describe("First test argument"),
        arg2: z.string().describe("Second test argument"),
      },
      complete: {
        arg1: (value) => ["paris", "park", "party", "test"].filter((word) => word.startsWith(value)),
      },
    },
    ({ arg1, arg2 }) => `Prompt with arguments: arg1='${arg1}', arg2='${arg2}'`,
  );
  mcp.prompt(
    {
      name: "test_prompt_with_embedded_resource",
      description: "A prompt that embeds a resource.",
      args: { resourceUri: z.string().describe("URI of the resource to embed") },
    },
    ({ resourceUri }) => [
      userMessage(
        embeddedResource({
          uri: resourceUri,
          mimeType: "text/plain",
          text: "Embedded resource content for testing.",
        }),
      ),
      userMessage({ type: "text", text: "Please process the embedded resource above." }),
    ],
  );
  mcp.prompt({ name: "test_prompt_with_image", description: "A prompt that includes an image." }, () => [
    userMessage({ type: "image", data: RED_PIXEL_PNG.toString("base64"), mimeType: "image/png" }),
    userMessage({ type: "text", text: "Please analyze the image above." }),
  ]);
}

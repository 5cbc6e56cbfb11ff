import { type FastMCP, Image, sniffMimeType, ToolError } from "@mcpkit/core";
import { z } from "zod";
import { readFileCapped } from "../image-source.js";
import type { ThumbnailDeps } from "./thumbnail-deps.js";

export function registerLoadImage(mcp: FastMCP, { paths, limits, queue }: ThumbnailDeps): void {
  mcp.tool(
    {
      name: "load_image",
      title: "Load image",
      description:
        `Returns an image file inside the allowed roots as it is, so you can look at it (at most ${limits.maxOutputBytes} bytes). ` +
        "The type comes from the file's bytes, not its name. For large images use create_thumbnail instead.",
      input: { path: z.string().describe("Path of the image file inside the allowed roots.") },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ path }, ctx) =>
      queue.run(
        async () => {
          const real = await paths.resolveExisting(path, ctx);
          const bytes = await readFileCapped(
            real,
            path,
            limits.maxOutputBytes,
            "; use create_thumbnail for a smaller copy",
          );
          const mimeType = sniffMimeType(bytes);
          if (!mimeType?.startsWith("image/")) {
            throw new ToolError(
              `The file "${path}" is not an image (its bytes match no known image format).`,
            );
          }
          return Image.fromBytes(bytes, mimeType);
        },
        { signal: ctx.signal },
      ),
  );
}

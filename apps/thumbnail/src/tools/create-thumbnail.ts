import { type FastMCP, Image, sniffMimeType, ToolError } from "@mcpkit/core";
import { z } from "zod";
import { imageInput, loadImageBytes } from "../image-source.js";
import { readDecodableHeader } from "../inspect-image.js";
import { renderThumbnail, type Thumbnail } from "../render-thumbnail.js";
import { thumbnailShape, toThumbnailRequest } from "../thumbnail-options.js";
import type { ThumbnailDeps } from "./thumbnail-deps.js";

/**
 * Formats whose single-frame decode is bounded by the pixel limit alone (at most four channels), a
 * limit sharp enforces before decoding too. Their render starts alongside the header check rather
 * than after it, which risks nothing: a refusal from the header still wins, and the render is
 * awaited before it is reported. On a 2-core VM the extra thread-pool hop cost 5 % of throughput.
 */
const RENDER_ALONGSIDE_HEADER = new Set(["image/jpeg", "image/png", "image/webp", "image/gif"]);

const thumbnailOutput = z.object({
  width: z.number().int(),
  height: z.number().int(),
  format: z.string(),
  mimeType: z.string(),
  bytes: z.number().int(),
  quality: z.number().int(),
  source: z.object({
    format: z.string(),
    width: z.number().int(),
    height: z.number().int(),
    pages: z.number().int(),
  }),
});

export function registerCreateThumbnail(mcp: FastMCP, { paths, limits, jobs, queue }: ThumbnailDeps): void {
  mcp.tool(
    {
      name: "create_thumbnail",
      title: "Create thumbnail",
      description:
        "Makes a smaller copy of one image and returns it as an image, with its size and format. " +
        "EXIF orientation is applied and metadata (EXIF, GPS) is stripped. Animated images use their first frame unless page or animated is set.",
      input: {
        image: imageInput,
        ...thumbnailShape(limits),
        page: z
          .number()
          .int()
          .min(0)
          .max(limits.maxPages - 1)
          .default(0)
          .describe("Frame of an animated image to use, from 0."),
        animated: z
          .boolean()
          .default(false)
          .describe("Keep every frame of an animated image (webp output only)."),
      },
      output: thumbnailOutput,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (args, ctx) => {
      const request = toThumbnailRequest(args, limits, jobs, { page: args.page, animated: args.animated });
      return queue.run(
        async (hold) => {
          const { bytes, label } = await loadImageBytes(args.image, limits.maxInputBytes, paths, ctx);
          const header = readDecodableHeader(bytes, label, limits, args.animated);
          let early: Promise<Thumbnail> | undefined;
          if (!args.animated && RENDER_ALONGSIDE_HEADER.has(sniffMimeType(bytes) ?? "")) {
            early = renderThumbnail(bytes, label, request, hold);
            early.catch(() => {}); // awaited below; this keeps an early failure from being "unhandled"
          }
          let source: Awaited<typeof header>;
          try {
            source = await header;
            if (args.page >= source.pages) {
              throw new ToolError(
                `${label} has ${source.pages} frame(s); page ${args.page} does not exist (pages count from 0).`,
              );
            }
          } catch (error) {
            // The header's refusal is the clearer message; the queue slot stays taken until the render stops.
            await early?.catch(() => {});
            throw error;
          }
          const thumbnail = await (early ?? renderThumbnail(bytes, label, request, hold));
          const structured: z.infer<typeof thumbnailOutput> = {
            width: thumbnail.width,
            height: thumbnail.height,
            format: thumbnail.format,
            mimeType: thumbnail.mimeType,
            bytes: thumbnail.bytes,
            quality: thumbnail.quality,
            source: {
              format: source.format,
              width: source.width,
              height: source.height,
              pages: source.pages,
            },
          };
          return {
            content: [
              Image.fromBytes(thumbnail.data, thumbnail.mimeType).toContent(),
              { type: "text" as const, text: JSON.stringify(structured) },
            ],
            structuredContent: structured,
          };
        },
        { signal: ctx.signal },
      );
    },
  );
}

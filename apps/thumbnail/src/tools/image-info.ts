import type { FastMCP } from "@mcpkit/core";
import { z } from "zod";
import { imageInput, loadImageBytes } from "../image-source.js";
import { limitExceeded, readHeader } from "../inspect-image.js";
import type { ThumbnailDeps } from "./thumbnail-deps.js";

const infoOutput = z.object({
  format: z.string(),
  mimeType: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  channels: z.number().int(),
  space: z.string().optional(),
  depth: z.string().optional(),
  hasAlpha: z.boolean(),
  pages: z.number().int(),
  animated: z.boolean(),
  loop: z.number().int().optional(),
  orientation: z.number().int().optional(),
  hasExif: z.boolean(),
  hasIcc: z.boolean(),
  bytes: z.number().int(),
  limitExceeded: z.string().optional(),
});

export function registerImageInfo(mcp: FastMCP, { paths, limits, queue }: ThumbnailDeps): void {
  mcp.tool(
    {
      name: "image_info",
      title: "Image info",
      description:
        "Reads an image's header without decoding its pixels: format, displayed width and height (EXIF orientation applied; " +
        "per frame for animations), channels, frames, orientation, size in bytes, and whether it exceeds this server's limits.",
      input: { image: imageInput },
      output: infoOutput,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ image }, ctx) =>
      queue.run(
        async () => {
          const { bytes, label } = await loadImageBytes(image, limits.maxInputBytes, paths, ctx);
          const header = await readHeader(bytes, label, limits);
          const info: z.infer<typeof infoOutput> = {
            format: header.format,
            mimeType: header.mimeType,
            width: header.width,
            height: header.height,
            channels: header.channels,
            hasAlpha: header.hasAlpha,
            pages: header.pages,
            animated: header.pages > 1,
            hasExif: header.hasExif,
            hasIcc: header.hasIcc,
            bytes: bytes.length,
          };
          if (header.space !== undefined) info.space = header.space;
          if (header.depth !== undefined) info.depth = header.depth;
          if (header.loop !== undefined && header.pages > 1) info.loop = header.loop;
          if (header.orientation !== undefined) info.orientation = header.orientation;
          const exceeded = limitExceeded(header, limits, false);
          if (exceeded !== undefined) info.limitExceeded = exceeded;
          return info;
        },
        { signal: ctx.signal },
      ),
  );
}

import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { Client } from "@mcpkit/core";
import { describe, expect, it } from "vitest";
import { createThumbnailServer } from "../server.js";
import { useFixtureTree } from "../testing/fixtures.js";
import { errorOf } from "../testing/results.js";

const fixtures = useFixtureTree();

const connect = () => Client.connect(createThumbnailServer({ roots: [fixtures().root], logLevel: "silent" }));

describe("image_info", () => {
  it("reports format, dimensions, channels and size", async () => {
    await using client = await connect();
    const size = (await readFile(join(fixtures().root, "images/photo.png"))).length;
    const result = await client.callTool("image_info", { image: { path: "images/photo.png" } });
    expect(result.structuredContent).toEqual({
      format: "png",
      mimeType: "image/png",
      width: 640,
      height: 480,
      channels: 3,
      space: "srgb",
      depth: "uchar",
      hasAlpha: false,
      pages: 1,
      animated: false,
      hasExif: false,
      hasIcc: false,
      bytes: size,
    });
    expect(JSON.parse((result.content[0] as { text: string }).text)).toEqual(result.structuredContent);
  });

  it("reports EXIF orientation with the dimensions as displayed", async () => {
    await using client = await connect();
    const result = await client.callTool("image_info", { image: { path: "images/rotated.jpg" } });
    expect(result.structuredContent).toMatchObject({
      format: "jpeg",
      width: 20,
      height: 40,
      orientation: 6,
      hasExif: true,
    });
  });

  it("reports animation frames", async () => {
    await using client = await connect();
    const result = await client.callTool("image_info", { image: { path: "images/animated.gif" } });
    expect(result.structuredContent).toMatchObject({
      format: "gif",
      width: 32,
      height: 32,
      pages: 3,
      animated: true,
      loop: 0,
    });
  });

  it("reads a decompression bomb's header without decoding it, and says it exceeds the limits", async () => {
    await using client = await connect();
    const result = await client.callTool("image_info", { image: { path: "images/bomb.png" } });
    expect(result.structuredContent).toMatchObject({
      width: 7000,
      height: 7000,
      limitExceeded: "it is 7000x7000 pixels (49.0 megapixels); this server decodes at most 40.0 megapixels",
    });
  });

  it("refuses non-images and corrupt headers clearly, and keeps serving", async () => {
    await using client = await connect();
    expect(
      errorOf(await client.callTool("image_info", { image: { path: "images/not-an-image.png" } })),
    ).toContain("is not an image this server recognises");
    const corrupt = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(40, 0xee),
    ]);
    expect(
      errorOf(await client.callTool("image_info", { image: { data: corrupt.toString("base64") } })),
    ).toMatch(/^The image data could not be decoded; it may be corrupt or truncated/);
    expect(
      (await client.callTool("image_info", { image: { path: "rgba.png" } })).structuredContent,
    ).toMatchObject({
      channels: 4,
      hasAlpha: true,
    });
  });
});

import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { Client } from "@mcpkit/core";
import { describe, expect, it } from "vitest";
import { createThumbnailServer } from "./server.js";
import { useFixtureTree } from "./testing/fixtures.js";
import { errorOf } from "./testing/results.js";

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
    const started = performance.now();
    const result = await client.callTool("image_info", { image: { path: "images/bomb.png" } });
    expect(performance.now() - started).toBeLessThan(1000);
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

describe("load_image", () => {
  it("returns the file as image content, its type sniffed from the bytes", async () => {
    await using client = await connect();
    const result = await client.callTool("load_image", { path: "images/rotated.jpg" });
    expect(result.isError).toBeFalsy();
    const [block] = result.content;
    expect(block).toMatchObject({ type: "image", mimeType: "image/jpeg" });
    const original = await readFile(join(fixtures().root, "images/rotated.jpg"));
    expect(Buffer.from((block as { data: string }).data, "base64").equals(original)).toBe(true);
  });

  it("refuses a non-image with an image extension", async () => {
    await using client = await connect();
    expect(errorOf(await client.callTool("load_image", { path: "images/not-an-image.png" }))).toBe(
      'The file "images/not-an-image.png" is not an image (its bytes match no known image format).',
    );
  });

  it("refuses files over the output budget, pointing at create_thumbnail", async () => {
    await using client = await Client.connect(
      createThumbnailServer({
        roots: [fixtures().root],
        logLevel: "silent",
        limits: { maxOutputBytes: 4096 },
      }),
    );
    expect(errorOf(await client.callTool("load_image", { path: "images/photo.png" }))).toMatch(
      /^The file "images\/photo.png" is .* KiB; this server accepts at most 4.0 KiB; use create_thumbnail for a smaller copy\.$/,
    );
  });
});

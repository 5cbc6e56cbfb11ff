import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { Client, sniffMimeType } from "@mcpkit/core";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { createThumbnailServer } from "../server.js";
import { FRAME_COLOURS, noisePng, SVG, useFixtureTree } from "../testing/fixtures.js";
import { errorOf, imageOf } from "../testing/results.js";

const fixtures = useFixtureTree();

const connect = (options: Parameters<typeof createThumbnailServer>[0] = {}) =>
  Client.connect(createThumbnailServer({ roots: [fixtures().root], logLevel: "silent", ...options }));

describe("create_thumbnail", () => {
  it("is advertised as read-only with an output schema", async () => {
    await using client = await connect();
    const tools = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual([
      "create_thumbnail",
      "image_info",
      "load_image",
      "thumbnail_directory",
    ]);
    const tool = tools.find((candidate) => candidate.name === "create_thumbnail");
    expect(tool?.annotations?.readOnlyHint).toBe(true);
    expect(tool?.outputSchema?.properties).toHaveProperty("width");
  });

  it("makes a webp thumbnail that fits 256x256 by default, from a path", async () => {
    await using client = await connect();
    const result = await client.callTool("create_thumbnail", { image: { path: "images/photo.png" } });
    expect(result.isError).toBeFalsy();
    const image = imageOf(result);
    expect(image.mimeType).toBe("image/webp");
    expect(sniffMimeType(image.bytes)).toBe("image/webp");
    const decoded = await sharp(image.bytes).metadata();
    expect([decoded.width, decoded.height]).toEqual([256, 192]);
    expect(result.structuredContent).toMatchObject({
      width: 256,
      height: 192,
      format: "webp",
      mimeType: "image/webp",
      bytes: image.bytes.length,
      source: { format: "png", width: 640, height: 480, pages: 1 },
    });
  });

  it("accepts base64 data and data: URLs", async () => {
    await using client = await connect();
    const png = await readFile(join(fixtures().root, "images/photo.png"));
    for (const data of [png.toString("base64"), `data:image/png;base64,${png.toString("base64")}`]) {
      const result = await client.callTool("create_thumbnail", { image: { data }, width: 64, format: "png" });
      expect(result.structuredContent).toMatchObject({ width: 64, height: 48, format: "png" });
      expect(imageOf(result).mimeType).toBe("image/png");
    }
  });

  it("refuses base64 that is not base64, and an image given both ways or neither", async () => {
    await using client = await connect();
    const bad = await client.callTool("create_thumbnail", { image: { data: "iVBORw0KGgo*not base64!" } });
    expect(errorOf(bad)).toContain("not valid base64");
    const both = await client.callTool("create_thumbnail", {
      image: { data: "aGVsbG8=", path: "images/photo.png" },
    });
    expect(errorOf(both)).toContain("give exactly one of path or data");
    const neither = await client.callTool("create_thumbnail", { image: {} });
    expect(errorOf(neither)).toContain("give exactly one of path or data");
  });

  it("supports cover, contain and inside, and never enlarges unless asked", async () => {
    await using client = await connect();
    const size = async (args: Record<string, unknown>) => {
      const result = await client.callTool("create_thumbnail", {
        image: { path: "images/photo.png" },
        ...args,
      });
      const { width, height } = await sharp(imageOf(result).bytes).metadata();
      return [width, height];
    };
    expect(await size({ width: 100, height: 100, fit: "cover" })).toEqual([100, 100]);
    expect(await size({ width: 100, height: 100, fit: "contain" })).toEqual([100, 100]);
    expect(await size({ width: 100, height: 100, fit: "inside" })).toEqual([100, 75]);
    expect(await size({ width: 2000 })).toEqual([640, 480]);
    expect(await size({ width: 1280, enlarge: true })).toEqual([1280, 960]);
  });

  it("refuses a size above the server's maximum side", async () => {
    await using client = await connect({ limits: { maxOutputSide: 512 } });
    const result = await client.callTool("create_thumbnail", {
      image: { path: "images/photo.png" },
      width: 513,
    });
    expect(errorOf(result)).toMatch(/width/);
  });

  it("writes webp, png, jpeg and avif, each sniffed as what it claims", async () => {
    await using client = await connect();
    for (const format of ["webp", "png", "jpeg", "avif"]) {
      const result = await client.callTool("create_thumbnail", {
        image: { path: "rgba.png" },
        width: 32,
        format,
      });
      const image = imageOf(result);
      expect(sniffMimeType(image.bytes)).toBe(image.mimeType);
      expect(result.structuredContent).toMatchObject({ format, mimeType: image.mimeType });
    }
  });

  it("applies EXIF orientation and strips EXIF and GPS metadata", async () => {
    await using client = await connect();
    for (const format of ["jpeg", "webp", "png"]) {
      const result = await client.callTool("create_thumbnail", {
        image: { path: "images/rotated.jpg" },
        width: 10,
        format,
      });
      expect(result.structuredContent).toMatchObject({
        width: 10,
        height: 20,
        source: { width: 20, height: 40 },
      });
      const bytes = imageOf(result).bytes;
      const metadata = await sharp(bytes).metadata();
      expect([metadata.width, metadata.height]).toEqual([10, 20]);
      expect(metadata.exif).toBeUndefined();
      expect(metadata.orientation).toBeUndefined();
      expect(metadata.icc).toBeUndefined();
      expect(metadata.xmp).toBeUndefined();
      expect(bytes.toString("latin1")).not.toContain("Secret Owner");
    }
  });

  it("lowers quality step by step to honour the byte budget", async () => {
    await using client = await connect();
    const free = await client.callTool("create_thumbnail", {
      image: { path: "images/photo.png" },
      width: 320,
      format: "jpeg",
    });
    const budget = Math.floor((free.structuredContent?.bytes as number) * 0.6);
    const result = await client.callTool("create_thumbnail", {
      image: { path: "images/photo.png" },
      width: 320,
      format: "jpeg",
      max_bytes: budget,
    });
    const { quality, bytes } = result.structuredContent as { quality: number; bytes: number };
    expect(quality).toBeLessThan(80);
    expect(bytes).toBeLessThanOrEqual(budget);
    expect(imageOf(result).bytes.length).toBe(bytes);
  });

  it("says clearly when no quality fits the budget", async () => {
    await using client = await connect();
    const result = await client.callTool("create_thumbnail", {
      image: { data: (await noisePng(200, 200)).toString("base64") },
      width: 200,
      format: "png",
      max_bytes: 1024,
    });
    expect(errorOf(result)).toMatch(
      /^The image data gives a thumbnail of .* even at the lowest quality, over the budget of 1\.0 KiB\./,
    );
  });

  it("uses the first frame of an animated GIF, another on request, or all of them", async () => {
    await using client = await connect();
    const colourOf = async (bytes: Buffer) => {
      const { data } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
      return [data[0], data[1], data[2]];
    };
    const first = await client.callTool("create_thumbnail", {
      image: { path: "images/animated.gif" },
      width: 16,
      format: "png",
    });
    expect(first.structuredContent).toMatchObject({
      width: 16,
      height: 16,
      source: { pages: 3, width: 32, height: 32 },
    });
    expect(await colourOf(imageOf(first).bytes)).toEqual([...FRAME_COLOURS[0]]);
    const third = await client.callTool("create_thumbnail", {
      image: { path: "images/animated.gif" },
      width: 16,
      format: "png",
      page: 2,
    });
    expect(await colourOf(imageOf(third).bytes)).toEqual([...FRAME_COLOURS[2]]);

    const all = await client.callTool("create_thumbnail", {
      image: { path: "images/animated.gif" },
      width: 16,
      animated: true,
    });
    const metadata = await sharp(imageOf(all).bytes).metadata();
    expect(metadata.pages).toBe(3);
    expect(all.structuredContent).toMatchObject({ width: 16, height: 16 });

    expect(
      errorOf(await client.callTool("create_thumbnail", { image: { path: "images/animated.gif" }, page: 3 })),
    ).toContain("page 3 does not exist");
    expect(
      errorOf(
        await client.callTool("create_thumbnail", {
          image: { path: "images/animated.gif" },
          animated: true,
          format: "png",
        }),
      ),
    ).toContain("webp only");
  });

  it("refuses hostile and broken inputs clearly, and keeps serving", async () => {
    await using client = await connect();
    const attempt = async (image: Record<string, string>) =>
      errorOf(await client.callTool("create_thumbnail", { image }));
    expect(await attempt({ path: "images/bomb.png" })).toBe(
      '"images/bomb.png" is refused: it is 7000x7000 pixels (49.0 megapixels); this server decodes at most 40.0 megapixels.',
    );
    expect(await attempt({ path: "images/truncated.jpg" })).toMatch(
      /^"images\/truncated.jpg" could not be decoded; it may be corrupt or truncated/,
    );
    expect(await attempt({ path: "images/not-an-image.png" })).toBe(
      '"images/not-an-image.png" is not an image this server recognises. Supported formats: PNG, JPEG, GIF, WebP, AVIF and TIFF.',
    );
    expect(await attempt({ data: Buffer.from("GIF89a but not really").toString("base64") })).toMatch(
      /^The image data could not be decoded/,
    );
    expect(await attempt({ path: "drawing.svg" })).toContain("SVG input is disabled");
    const after = await client.callTool("create_thumbnail", {
      image: { path: "images/photo.png" },
      width: 8,
    });
    expect(after.isError).toBeFalsy();
  });

  it("enforces the input byte, channel and frame limits", async () => {
    await using small = await connect({ limits: { maxInputBytes: 4096 } });
    const tooLarge = async (image: Record<string, string>) =>
      errorOf(await small.callTool("create_thumbnail", { image }));
    expect(await tooLarge({ path: "images/photo.png" })).toMatch(
      /^The file "images\/photo.png" is .* KiB; this server accepts at most 4.0 KiB\.$/,
    );
    const large = (await readFile(join(fixtures().root, "images/photo.png"))).toString("base64");
    expect(await tooLarge({ data: large })).toMatch(
      /^The image data is about .*; this server accepts at most 4.0 KiB\.$/,
    );

    await using strict = await connect({ limits: { maxChannels: 3, maxPages: 2 } });
    const refused = async (image: Record<string, string>) =>
      errorOf(await strict.callTool("create_thumbnail", { image }));
    expect(await refused({ path: "rgba.png" })).toContain("it has 4 channels; this server accepts at most 3");
    expect(await refused({ path: "images/animated.gif" })).toContain(
      "it has 3 frames; this server accepts at most 2",
    );
  });

  it("counts every frame against the pixel limit when all frames are kept", async () => {
    await using client = await connect({ limits: { maxPixels: 2048 } });
    const one = await client.callTool("create_thumbnail", {
      image: { path: "images/animated.gif" },
      width: 8,
    });
    expect(one.isError).toBeFalsy();
    const all = await client.callTool("create_thumbnail", {
      image: { path: "images/animated.gif" },
      width: 8,
      animated: true,
    });
    expect(errorOf(all)).toContain("3 frames of 32x32 pixels");
  });

  it("stops a job that runs past the per-image timeout, and keeps serving", async () => {
    await using client = await connect({ jobs: { timeoutSeconds: 1 } });
    const data = (await noisePng(512, 512)).toString("base64");
    const slow = await client.callTool("create_thumbnail", {
      image: { data },
      width: 4096,
      enlarge: true,
      format: "avif",
      quality: 90,
    });
    expect(errorOf(slow)).toBe("The image data took longer to process than this server's limit of 1 s.");
    const after = await client.callTool("create_thumbnail", { image: { data }, width: 16 });
    expect(after.isError).toBeFalsy();
  });

  it("renders SVG only when the server allows it", async () => {
    await using client = await connect({ limits: { allowSvg: true } });
    const result = await client.callTool("create_thumbnail", {
      image: { data: Buffer.from(SVG).toString("base64") },
      format: "png",
    });
    expect(result.structuredContent).toMatchObject({
      source: { format: "svg", width: 100, height: 50 },
      width: 100,
      height: 50,
    });
  });
});

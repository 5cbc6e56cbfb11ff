import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";

/** Deterministic noise: it does not compress, so encoded sizes are predictable. */
export function noise(width: number, height: number, channels: 3 | 4 = 3): Buffer {
  const pixels = Buffer.alloc(width * height * channels);
  let state = 12345;
  for (let i = 0; i < pixels.length; i++) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    pixels[i] = channels === 4 && i % 4 === 3 ? 255 : state >> 16;
  }
  return pixels;
}

export function noisePng(width: number, height: number, channels: 3 | 4 = 3): Promise<Buffer> {
  return sharp(noise(width, height, channels), { raw: { width, height, channels } })
    .png()
    .toBuffer();
}

/** A 40x20 JPEG whose EXIF says "rotate 90°" (so it displays 20x40), with a copyright, a GPS position and a P3 ICC profile. */
export function rotatedJpeg(): Promise<Buffer> {
  return sharp({ create: { width: 40, height: 20, channels: 3, background: "#ff0000" } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withIccProfile("p3")
    .withExif({
      IFD0: { Copyright: "Secret Owner" },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "51/1 30/1 0/1" },
    })
    .toBuffer();
}

export const FRAME_COLOURS = [
  [255, 0, 0],
  [0, 255, 0],
  [0, 0, 255],
] as const;

/** A 32x32 animated GIF of three solid frames: red, green, blue. */
export function animatedGif(): Promise<Buffer> {
  const side = 32;
  const frame = side * side * 4;
  const pixels = Buffer.alloc(frame * FRAME_COLOURS.length);
  FRAME_COLOURS.forEach(([r, g, b], page) => {
    for (let i = page * frame; i < (page + 1) * frame; i += 4) pixels.set([r, g, b, 255], i);
  });
  return sharp(pixels, {
    raw: { width: side, height: side * FRAME_COLOURS.length, channels: 4, pageHeight: side },
  })
    .gif({ delay: [100, 100, 100], loop: 0 })
    .toBuffer();
}

/** A decompression bomb: a solid 7000x7000 PNG (49 megapixels, 147 MB decoded) in about 150 KB. */
export function bombPng(): Promise<Buffer> {
  return sharp({ create: { width: 7000, height: 7000, channels: 3, background: "#ffffff" } })
    .png({ compressionLevel: 9 })
    .toBuffer();
}

/** A JPEG cut off halfway through its scan data. */
export async function truncatedJpeg(): Promise<Buffer> {
  const whole = await sharp(noise(200, 200), { raw: { width: 200, height: 200, channels: 3 } })
    .jpeg()
    .toBuffer();
  return whole.subarray(0, Math.floor(whole.length / 2));
}

export const SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50"><rect width="100" height="50" fill="#00f"/></svg>';

/**
 * A root directory holding one of each fixture, a sibling directory outside the root with a
 * secret image, and a symlink inside the root that points at it. Removed on dispose.
 */
export interface FixtureTree extends AsyncDisposable {
  base: string;
  root: string;
  outside: string;
}

export async function createFixtureTree(): Promise<FixtureTree> {
  const base = await mkdtemp(join(tmpdir(), "thumbnail-test-"));
  const root = join(base, "root");
  const outside = join(base, "outside");
  await mkdir(join(root, "images"), { recursive: true });
  await mkdir(outside);
  const [photo, rotated, gif, bomb, truncated, rgba] = await Promise.all([
    noisePng(640, 480),
    rotatedJpeg(),
    animatedGif(),
    bombPng(),
    truncatedJpeg(),
    noisePng(64, 64, 4),
  ]);
  const images = join(root, "images");
  await Promise.all([
    writeFile(join(images, "photo.png"), photo),
    writeFile(join(images, "rotated.jpg"), rotated),
    writeFile(join(images, "animated.gif"), gif),
    writeFile(join(images, "bomb.png"), bomb),
    writeFile(join(images, "truncated.jpg"), truncated),
    writeFile(join(images, "not-an-image.png"), "This is plain text pretending to be a PNG.\n"),
    writeFile(join(root, "rgba.png"), rgba),
    writeFile(join(root, "drawing.svg"), SVG),
    writeFile(join(outside, "secret.png"), await noisePng(16, 16)),
  ]);
  await symlink(join(outside, "secret.png"), join(root, "escape.png"));
  await symlink(outside, join(root, "escape-dir"));
  return { base, root, outside, [Symbol.asyncDispose]: () => rm(base, { recursive: true, force: true }) };
}

/** Registers hooks that build a fresh fixture tree for the file (or for each test) and remove it after. */
export function useFixtureTree(scope: "file" | "test" = "file"): () => FixtureTree {
  let tree: FixtureTree | undefined;
  const [setUp, tearDown] = scope === "file" ? [beforeAll, afterAll] : [beforeEach, afterEach];
  setUp(async () => {
    tree = await createFixtureTree();
  });
  tearDown(async () => {
    await tree?.[Symbol.asyncDispose]();
  });
  return () => {
    if (!tree) throw new Error("The fixture tree is only available inside a test");
    return tree;
  };
}

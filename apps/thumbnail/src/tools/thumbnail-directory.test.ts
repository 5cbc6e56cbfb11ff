import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Client, type ProgressNotification } from "@mcpkit/core";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { createThumbnailServer } from "../server.js";
import { noisePng, useFixtureTree } from "../testing/fixtures.js";
import { errorOf } from "../testing/results.js";

const fixtures = useFixtureTree("test");

const connect = () => Client.connect(createThumbnailServer({ roots: [fixtures().root], logLevel: "silent" }));

interface Batch {
  total: number;
  written: number;
  failed: number;
  results: Array<{
    file: string;
    output?: string;
    width?: number;
    height?: number;
    bytes?: number;
    error?: string;
  }>;
}

describe("thumbnail_directory", () => {
  it("writes a thumbnail per image, reports per-file errors and progress", async () => {
    await using client = await connect();
    await writeFile(join(fixtures().root, "images/notes.txt"), "not an image");
    const progress: ProgressNotification[] = [];
    const result = await client.callTool(
      "thumbnail_directory",
      { path: "images", output_path: "thumbs", width: 64 },
      { onProgress: (notification) => progress.push(notification) },
    );
    const batch = result.structuredContent as unknown as Batch;
    expect(batch).toMatchObject({ total: 7, written: 3, failed: 4 });
    const byFile = Object.fromEntries(batch.results.map((entry) => [entry.file, entry]));
    expect(byFile["photo.png"]).toMatchObject({ output: "photo.webp", width: 64, height: 48 });
    expect(byFile["rotated.jpg"]).toMatchObject({ output: "rotated.webp", width: 20, height: 40 });
    expect(byFile["animated.gif"]).toMatchObject({ output: "animated.webp", width: 32, height: 32 });
    expect(byFile["bomb.png"]?.error).toContain("7000x7000 pixels (49.0 megapixels)");
    expect(byFile["truncated.jpg"]?.error).toContain("could not be decoded");
    expect(byFile["not-an-image.png"]?.error).toContain("is not an image this server recognises");
    expect(byFile["notes.txt"]?.error).toContain("is not an image this server recognises");

    expect((await readdir(join(fixtures().root, "thumbs"))).sort()).toEqual([
      "animated.webp",
      "photo.webp",
      "rotated.webp",
    ]);
    const written = await sharp(join(fixtures().root, "thumbs/photo.webp")).metadata();
    expect([written.format, written.width, written.height]).toEqual(["webp", 64, 48]);

    expect(progress.map((notification) => notification.progress)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(progress.every((notification) => notification.total === 7)).toBe(true);
    expect(progress[0]?.message).toBe("7 files");
    expect(
      progress
        .slice(1)
        .map((notification) => notification.message)
        .sort(),
    ).toEqual(batch.results.map((entry) => entry.file).sort());
  });

  it("never overwrites unless asked", async () => {
    await using client = await connect();
    await mkdir(join(fixtures().root, "thumbs"));
    await writeFile(join(fixtures().root, "thumbs/photo.png"), "keep me");
    const first = (
      await client.callTool("thumbnail_directory", { path: "images", output_path: "thumbs", format: "png" })
    ).structuredContent as unknown as Batch;
    expect(first.results.find((entry) => entry.file === "photo.png")?.error).toBe(
      "photo.png already exists; pass overwrite: true to replace it.",
    );
    expect(await readFile(join(fixtures().root, "thumbs/photo.png"), "utf8")).toBe("keep me");

    const second = (
      await client.callTool("thumbnail_directory", {
        path: "images",
        output_path: "thumbs",
        format: "png",
        overwrite: true,
      })
    ).structuredContent as unknown as Batch;
    expect(second.results.find((entry) => entry.file === "photo.png")).toMatchObject({ output: "photo.png" });
    expect((await sharp(join(fixtures().root, "thumbs/photo.png")).metadata()).format).toBe("png");
    expect((await readdir(join(fixtures().root, "thumbs"))).filter((name) => name.endsWith(".tmp"))).toEqual(
      [],
    );
  });

  it("reports two sources that would share one thumbnail name", async () => {
    await using client = await connect();
    await mkdir(join(fixtures().root, "pair"));
    await writeFile(join(fixtures().root, "pair/a.png"), await noisePng(8, 8));
    await writeFile(
      join(fixtures().root, "pair/a.webp"),
      await sharp(await noisePng(8, 8))
        .webp()
        .toBuffer(),
    );
    const batch = (await client.callTool("thumbnail_directory", { path: "pair", output_path: "out" }))
      .structuredContent as unknown as Batch;
    expect(batch.results).toEqual([
      { file: "a.png", output: "a.webp", width: 8, height: 8, bytes: expect.any(Number) },
      { file: "a.webp", error: "Its thumbnail would be a.webp, already written for a.png." },
    ]);
  });

  it("writes only inside the roots", async () => {
    await using client = await connect();
    const outside = errorOf(
      await client.callTool("thumbnail_directory", {
        path: "images",
        output_path: join(fixtures().outside, "thumbs"),
      }),
    );
    expect(outside).toBe(
      `Access denied: "${join(fixtures().outside, "thumbs")}" is outside the folders shared with this server.`,
    );
    const viaLink = errorOf(
      await client.callTool("thumbnail_directory", { path: "images", output_path: "escape-dir/new" }),
    );
    expect(viaLink).toBe('Access denied: "escape-dir/new" is outside the folders shared with this server.');
    expect(await readdir(fixtures().outside)).toEqual(["secret.png"]);
    const same = errorOf(
      await client.callTool("thumbnail_directory", { path: "images", output_path: "images" }),
    );
    expect(same).toContain("output_path must be a different directory");
    const notDirectory = errorOf(
      await client.callTool("thumbnail_directory", { path: "rgba.png", output_path: "out" }),
    );
    expect(notDirectory).toBe('The path "rgba.png" is not a directory.');
  });

  it("skips a symlink that leads out of the roots", async () => {
    await using client = await connect();
    const batch = (await client.callTool("thumbnail_directory", { path: ".", output_path: "out" }))
      .structuredContent as unknown as Batch;
    expect(batch.results.find((entry) => entry.file === "escape.png")?.error).toBe(
      'Access denied: "escape.png" is outside the folders shared with this server.',
    );
    expect(batch.results.find((entry) => entry.file === "rgba.png")).toMatchObject({ output: "rgba.webp" });
    expect(await readdir(join(fixtures().root, "out"))).not.toContain("escape.webp");
  });

  it("refuses a directory with more files than one call may process", async () => {
    await using client = await Client.connect(
      createThumbnailServer({ roots: [fixtures().root], logLevel: "silent", limits: { maxBatchFiles: 3 } }),
    );
    const message = errorOf(
      await client.callTool("thumbnail_directory", { path: "images", output_path: "out" }),
    );
    expect(message).toBe('"images" holds 6 files; one call processes at most 3.');
    await expect(stat(join(fixtures().root, "out"))).rejects.toThrow();
  });

  it("stops when the client cancels", async () => {
    // One image at a time: the image_info call below then waits for the file in flight when the
    // cancel came, and the batch takes no other (with two slots, the other could still be writing).
    await using client = await Client.connect(
      createThumbnailServer({ roots: [fixtures().root], logLevel: "silent", jobs: { concurrency: 1 } }),
    );
    await mkdir(join(fixtures().root, "many"));
    const image = await noisePng(400, 400);
    await Promise.all(
      Array.from({ length: 20 }, (_, index) => writeFile(join(fixtures().root, `many/${index}.png`), image)),
    );
    const controller = new AbortController();
    const call = client.callTool(
      "thumbnail_directory",
      { path: "many", output_path: "many-out", format: "png" },
      {
        signal: controller.signal,
        onProgress: (notification) => notification.progress >= 2 && controller.abort(),
      },
    );
    await expect(call).rejects.toThrow();
    // The next call queues behind the file that was in flight, so once it returns the batch has stopped.
    await client.callTool("image_info", { image: { path: "rgba.png" } });
    const written = await readdir(join(fixtures().root, "many-out"));
    expect(written.length).toBeGreaterThanOrEqual(2);
    expect(written.length).toBeLessThan(10);
  });
});

import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { Client } from "@mcpkit/core";
import { describe, expect, it } from "vitest";
import { createThumbnailServer } from "../server.js";
import { useFixtureTree } from "../testing/fixtures.js";
import { errorOf } from "../testing/results.js";

const fixtures = useFixtureTree();

const connect = () => Client.connect(createThumbnailServer({ roots: [fixtures().root], logLevel: "silent" }));

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

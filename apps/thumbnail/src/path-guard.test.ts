import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Client, type Root } from "@mcpkit/core";
import { describe, expect, it } from "vitest";
import { createThumbnailServer } from "./server.js";
import { useFixtureTree } from "./testing/fixtures.js";
import { errorOf } from "./testing/results.js";

const fixtures = useFixtureTree();

const connect = (roots?: Root[], serverRoots: string[] = [fixtures().root]) =>
  Client.connect(createThumbnailServer({ roots: serverRoots, logLevel: "silent" }), roots ? { roots } : {});

const rootOf = (path: string): Root => ({ uri: pathToFileURL(path).href, name: "shared" });

describe("paths", () => {
  it("reads absolute and relative paths inside the roots", async () => {
    await using client = await connect();
    for (const path of [
      join(fixtures().root, "images/photo.png"),
      "images/photo.png",
      "images/../images/./photo.png",
    ]) {
      const result = await client.callTool("image_info", { image: { path } });
      expect(result.structuredContent).toMatchObject({ format: "png", width: 640 });
    }
  });

  it("refuses paths outside the roots, naming only the caller's path", async () => {
    await using client = await connect();
    const cases: Array<[string, string]> = [
      [join(fixtures().outside, "secret.png"), "is outside the allowed roots"],
      ["../outside/secret.png", "is outside the allowed roots"],
      ["escape.png", "is outside the allowed roots"],
      ["escape-dir/secret.png", "is outside the allowed roots"],
      ["/etc/passwd", "is outside the allowed roots"],
      ["images/missing.png", "does not exist"],
    ];
    for (const [path, reason] of cases) {
      for (const tool of ["create_thumbnail", "image_info"]) {
        const message = errorOf(await client.callTool(tool, { image: { path } }));
        expect(message).toBe(`The path "${path}" ${reason}.`);
      }
      const message = errorOf(await client.callTool("load_image", { path }));
      expect(message).toBe(`The path "${path}" ${reason}.`);
    }
  });

  it("never reveals where a symlink leads", async () => {
    await using client = await connect();
    const message = errorOf(await client.callTool("load_image", { path: "escape.png" }));
    expect(message).not.toContain(fixtures().outside);
    expect(message).not.toContain("secret");
  });

  it("refuses NUL bytes and empty paths", async () => {
    await using client = await connect();
    expect(errorOf(await client.callTool("load_image", { path: "images/photo.png\0.txt" }))).toBe(
      'The path "images/photo.png\\0.txt" contains a NUL byte.',
    );
    expect(errorOf(await client.callTool("load_image", { path: " " }))).toBe("The path is empty.");
  });

  it("refuses a directory where a file is expected", async () => {
    await using client = await connect();
    expect(errorOf(await client.callTool("load_image", { path: "images" }))).toBe(
      'The path "images" is not a regular file.',
    );
  });

  it("lets the client's roots narrow access", async () => {
    await using client = await connect([rootOf(join(fixtures().root, "images"))]);
    const inside = await client.callTool("image_info", { image: { path: "images/photo.png" } });
    expect(inside.isError).toBeFalsy();
    expect(errorOf(await client.callTool("image_info", { image: { path: "rgba.png" } }))).toBe(
      'The path "rgba.png" is outside the roots the client shared with this server.',
    );
    await client.setRoots([rootOf(fixtures().root)]);
    await expect
      .poll(async () => (await client.callTool("image_info", { image: { path: "rgba.png" } })).isError)
      .toBeFalsy();
  });

  it("never lets the client's roots widen access", async () => {
    await using client = await connect([
      rootOf(fixtures().outside),
      { uri: "https://example.com/", name: "web" },
    ]);
    expect(
      errorOf(await client.callTool("load_image", { path: join(fixtures().outside, "secret.png") })),
    ).toBe(`The path "${join(fixtures().outside, "secret.png")}" is outside the allowed roots.`);
    expect(errorOf(await client.callTool("load_image", { path: "rgba.png" }))).toContain(
      "outside the roots the client shared",
    );
  });

  it("without roots, accepts base64 data only", async () => {
    await using client = await connect(undefined, []);
    expect(errorOf(await client.callTool("load_image", { path: "rgba.png" }))).toContain(
      "started without any roots",
    );
  });

  it("refuses to start with a root that does not exist", () => {
    expect(() => createThumbnailServer({ roots: [join(fixtures().base, "nope")] })).toThrow(
      /The root .* does not exist/,
    );
  });
});

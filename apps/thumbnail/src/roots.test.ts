import { readFile } from "node:fs/promises";
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
    const outside = (path: string) =>
      `Access denied: "${path}" is outside the folders shared with this server.`;
    const cases: Array<[string, string]> = [
      [join(fixtures().outside, "secret.png"), outside(join(fixtures().outside, "secret.png"))],
      ["../outside/secret.png", outside("../outside/secret.png")],
      ["escape.png", outside("escape.png")],
      ["escape-dir/secret.png", outside("escape-dir/secret.png")],
      ["/etc/passwd", outside("/etc/passwd")],
      ["images/missing.png", '"images/missing.png" does not exist.'],
    ];
    for (const [path, expected] of cases) {
      for (const tool of ["create_thumbnail", "image_info"]) {
        const message = errorOf(await client.callTool(tool, { image: { path } }));
        expect(message).toBe(expected);
      }
      const message = errorOf(await client.callTool("load_image", { path }));
      expect(message).toBe(expected);
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
      'Invalid path "images/photo.png\\u0000.txt": it contains a NUL byte.',
    );
    expect(errorOf(await client.callTool("load_image", { path: "" }))).toBe(
      "The path is empty: give a file or folder path.",
    );
  });

  it("refuses a directory where a file is expected", async () => {
    await using client = await connect();
    expect(errorOf(await client.callTool("load_image", { path: "images" }))).toBe(
      'The path "images" is not a regular file.',
    );
  });

  it("lets the client's roots narrow access", async () => {
    await using client = await connect([rootOf(join(fixtures().root, "images"))]);
    // Relative paths start at the first root in force: here the client's.
    const inside = await client.callTool("image_info", { image: { path: "photo.png" } });
    expect(inside.isError).toBeFalsy();
    const rgba = join(fixtures().root, "rgba.png");
    expect(errorOf(await client.callTool("image_info", { image: { path: rgba } }))).toBe(
      `Access denied: "${rgba}" is outside the folders shared with this server.`,
    );
    await client.setRoots([rootOf(fixtures().root)]);
    await expect
      .poll(async () => (await client.callTool("image_info", { image: { path: rgba } })).isError)
      .toBeFalsy();
  });

  it("never lets the client's roots widen access", async () => {
    await using client = await connect([
      rootOf(fixtures().outside),
      { uri: "https://example.com/", name: "web" },
    ]);
    for (const path of [join(fixtures().outside, "secret.png"), "rgba.png"]) {
      expect(errorOf(await client.callTool("load_image", { path }))).toBe(
        "None of the client's roots is inside the directories shared with this server, so no file is available.",
      );
    }
  });

  it("without roots, accepts base64 data only", async () => {
    await using client = await connect(undefined, []);
    expect(errorOf(await client.callTool("load_image", { path: "rgba.png" }))).toContain(
      "No directories are shared with this server",
    );
    const image = await client.callTool("image_info", {
      image: { data: (await readFile(join(fixtures().root, "rgba.png"))).toString("base64") },
    });
    expect(image.isError).toBeFalsy();
  });

  it("serves its roots to a client that answers roots/list with an empty list (the MCP Inspector)", async () => {
    await using client = await connect([]);
    const result = await client.callTool("image_info", { image: { path: "rgba.png" } });
    expect(result.isError).toBeFalsy();
    expect(
      errorOf(await client.callTool("load_image", { path: join(fixtures().outside, "secret.png") })),
    ).toContain("outside the folders shared with this server");
  });

  it("grants nothing through a root that does not exist", async () => {
    await using client = await connect(undefined, [join(fixtures().base, "nope")]);
    expect(errorOf(await client.callTool("load_image", { path: "rgba.png" }))).toContain(
      "No directories are shared with this server",
    );
  });
});

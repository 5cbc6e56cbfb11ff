import { fileURLToPath } from "node:url";
import { Client } from "@mcpkit/core";
import { describe, expect, it } from "vitest";
import { useFixtureTree } from "./testing/fixtures.js";
import { errorOf, imageOf } from "./testing/results.js";

const appDir = fileURLToPath(new URL("..", import.meta.url));

const fixtures = useFixtureTree();

const spawn = (args: string[]) =>
  Client.connect({
    command: process.execPath,
    args: ["--conditions=@mcpkit/source", "--import", "tsx", "src/main.ts", ...args],
    cwd: appDir,
    env: { ...process.env, THUMBNAIL_LOG_LEVEL: "silent" },
    stderr: "pipe",
  });

describe("stdio server process", () => {
  it("serves thumbnails over stdio and survives a decompression bomb", async () => {
    await using client = await spawn(["--root", fixtures().root, "--max-pixels", "1000000"]);
    expect((await client.listTools()).map((tool) => tool.name)).toContain("create_thumbnail");
    const bomb = await client.callTool("create_thumbnail", { image: { path: "images/bomb.png" } });
    expect(errorOf(bomb)).toContain("this server decodes at most 1.0 megapixels");
    const result = await client.callTool("create_thumbnail", {
      image: { path: "images/photo.png" },
      width: 32,
      format: "jpeg",
    });
    expect(imageOf(result).mimeType).toBe("image/jpeg");
    expect(result.structuredContent).toMatchObject({ width: 32, height: 24 });
  });

  it("exits with a clear message on a bad flag", async () => {
    await expect(spawn(["--max-pixels", "many"])).rejects.toThrow("--max-pixels must be a number");
  });
});

import { createHash } from "node:crypto";
import { mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { connect, createSandbox, jsonOf, textOf } from "../test-fixture.js";

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

function wav(): Buffer {
  const header = Buffer.alloc(44);
  header.write("RIFF", 0);
  header.writeUInt32LE(36, 4);
  header.write("WAVEfmt ", 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(8000, 28);
  header.writeUInt16LE(1, 32);
  header.writeUInt16LE(8, 34);
  header.write("data", 36);
  return header;
}

describe("listing", () => {
  it("lists a folder with types, sizes and times, hiding secrets", async () => {
    await using box = await createSandbox({
      "a.txt": "hello",
      "b.json": "{}",
      "sub/c.txt": "c",
      ".env": "KEY=1",
    });
    await using client = await connect({ roots: [{ path: box.root, writable: false }] });
    const listing = jsonOf<{
      entries: Array<{ name: string; type: string; size: number; modified: string }>;
    }>(await client.callTool("list_directory", { path: box.root }));
    expect(listing.entries.map((entry) => [entry.name, entry.type])).toEqual([
      ["a.txt", "file"],
      ["b.json", "file"],
      ["sub", "directory"],
    ]);
    expect(listing.entries[0]?.size).toBe(5);
    const raw = await client.callTool("list_directory", { path: box.root });
    expect(raw.structuredContent).toEqual(listing);
    expect(Date.parse(listing.entries[0]?.modified ?? "")).toBeGreaterThan(0);
  });

  it("filters by a glob pattern and defaults to the first root", async () => {
    await using box = await createSandbox({ "a.txt": "", "b.json": "", "c.md": "" });
    await using client = await connect({ roots: [{ path: box.root, writable: false }] });
    const listing = jsonOf<{ entries: Array<{ name: string }> }>(
      await client.callTool("list_directory", { pattern: "*.{json,md}" }),
    );
    expect(listing.entries.map((entry) => entry.name)).toEqual(["b.json", "c.md"]);
  });

  it("caps the entries listed and says so", async () => {
    await using box = await createSandbox(
      Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`f${i}.txt`, ""])),
    );
    await using client = await connect({
      roots: [{ path: box.root, writable: false }],
      limits: { maxEntries: 5 },
    });
    const listing = jsonOf<{ entries: unknown[]; truncated: boolean }>(
      await client.callTool("list_directory", {}),
    );
    expect(listing.entries).toHaveLength(5);
    expect(listing.truncated).toBe(true);
  });

  it("lists a file path as an error", async () => {
    await using box = await createSandbox({ "a.txt": "x" });
    await using client = await connect({ roots: [{ path: box.root, writable: false }] });
    const result = await client.callTool("list_directory", { path: "a.txt" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe('"a.txt": a part of the path is not a folder.');
  });

  it("shows a tree down to max_depth, with symlinks shown but not followed", async () => {
    await using box = await createSandbox({ "a/b/c/d.txt": "deep", "a/top.txt": "", "z.txt": "" });
    await symlink(join(box.root, "a"), join(box.root, "loop"));
    await using client = await connect({ roots: [{ path: box.root, writable: false }] });
    const tree = jsonOf<{ tree: unknown; truncated: boolean; note?: string }>(
      await client.callTool("directory_tree", { path: ".", max_depth: 2 }),
    );
    expect(tree.tree).toEqual([
      {
        name: "a",
        type: "directory",
        children: [
          { name: "b", type: "directory", children: [] },
          { name: "top.txt", type: "file" },
        ],
      },
      { name: "loop", type: "symlink" },
      { name: "z.txt", type: "file" },
    ]);
    expect(tree.truncated).toBe(false);
    expect(tree.note).toContain("deeper than 2 levels");
  });

  it("stops a tree at the entry limit with truncated: true", async () => {
    await using box = await createSandbox(
      Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`d${i}/f.txt`, ""])),
    );
    await using client = await connect({
      roots: [{ path: box.root, writable: false }],
      limits: { maxEntries: 10 },
    });
    const tree = jsonOf<{ tree: unknown[]; truncated: boolean; reason: string }>(
      await client.callTool("directory_tree", {}),
    );
    expect(tree.truncated).toBe(true);
    expect(tree.reason).toContain("limit of 10");
  });
});

it("advertises output schemas for the tools that return structured results", async () => {
  await using box = await createSandbox();
  await using client = await connect({ roots: [{ path: box.root, writable: false }] });
  const structured = (await client.listTools()).filter((tool) => tool.outputSchema).map((tool) => tool.name);
  expect(structured.sort()).toEqual([
    "directory_tree",
    "get_file_info",
    "list_directory",
    "search_content",
    "search_files",
  ]);
});

describe("read_text", () => {
  const lines = "one\ntwo\nthree\nfour\n";

  it("reads a whole file", async () => {
    await using box = await createSandbox({ "a.txt": lines });
    await using client = await connect({ roots: [{ path: box.root, writable: false }] });
    const result = await client.callTool("read_text", { path: "a.txt" });
    expect(result.content).toEqual([{ type: "text", text: lines }]);
  });

  it("accepts file:// URIs, with or without localhost, percent-decoded once", async () => {
    await using box = await createSandbox({ "a b%41.txt": "spaced" });
    await using client = await connect({ roots: [{ path: box.root, writable: false }] });
    const path = join(box.root, "a b%41.txt");
    expect(textOf(await client.callTool("read_text", { path: pathToFileURL(path).href }))).toBe("spaced");
    const localhost = `file://localhost${encodeURI(path)}`;
    expect(textOf(await client.callTool("read_text", { path: localhost }))).toBe("spaced");
  });

  it.each([
    ["with a trailing newline", "one\ntwo\nthree\n", "one\ntwo\n", "two\nthree\n"],
    ["without a trailing newline", "one\ntwo\nthree", "one\ntwo\n", "two\nthree"],
  ])("reads head and tail lines %s", async (_label, content, head2, tail2) => {
    await using box = await createSandbox({ "a.txt": content });
    await using client = await connect({ roots: [{ path: box.root, writable: false }] });
    expect(textOf(await client.callTool("read_text", { path: "a.txt", head: 2 }))).toBe(head2);
    expect(textOf(await client.callTool("read_text", { path: "a.txt", tail: 2 }))).toBe(tail2);
    expect(textOf(await client.callTool("read_text", { path: "a.txt", head: 10 }))).toBe(content);
    expect(textOf(await client.callTool("read_text", { path: "a.txt", tail: 10 }))).toBe(content);
  });

  it("reads the tail of a file bigger than one chunk", async () => {
    const big = `${Array.from({ length: 20_000 }, (_, i) => `line ${i}`).join("\n")}\n`;
    await using box = await createSandbox({ "big.txt": big });
    await using client = await connect({ roots: [{ path: box.root, writable: false }] });
    expect(textOf(await client.callTool("read_text", { path: "big.txt", tail: 3 }))).toBe(
      "line 19997\nline 19998\nline 19999\n",
    );
    expect(textOf(await client.callTool("read_text", { path: "big.txt", head: 2 }))).toBe("line 0\nline 1\n");
  });

  it("reads byte ranges without splitting a multi-byte character", async () => {
    // "é" is 2 bytes, "€" 3, "😀" 4.
    await using box = await createSandbox({ "u.txt": "aé€😀z" });
    await using client = await connect({ roots: [{ path: box.root, writable: false }] });
    const part = await client.callTool("read_text", { path: "u.txt", offset: 0, length: 8 });
    expect(part.content[0]).toEqual({ type: "text", text: "aé€" });
    expect(textOf(part)).toContain("[Bytes 0-6 of 11. Continue with offset=6.]");
    // Offset 2 is inside "é": the read starts at the next whole character.
    const middle = await client.callTool("read_text", { path: "u.txt", offset: 2, length: 8 });
    expect(middle.content[0]).toEqual({ type: "text", text: "€😀" });
    expect(textOf(middle)).toContain("[Bytes 3-10 of 11. Continue with offset=10.]");
    // A length shorter than the character at the offset still returns whole characters.
    const tiny = await client.callTool("read_text", { path: "u.txt", offset: 6, length: 1 });
    expect(tiny.content[0]).toEqual({ type: "text", text: "😀z" });
    const rest = await client.callTool("read_text", { path: "u.txt", offset: 6 });
    expect(rest.content[0]).toEqual({ type: "text", text: "😀z" });
    expect(textOf(rest)).toContain("[Bytes 6-11 of 11.]");
  });

  it("refuses to read a whole file over the size limit, but reads its head", async () => {
    await using box = await createSandbox({ "big.txt": "x\n".repeat(2048) });
    await using client = await connect({
      roots: [{ path: box.root, writable: false }],
      limits: { maxFileBytes: 1024 },
    });
    const whole = await client.callTool("read_text", { path: "big.txt" });
    expect(whole.isError).toBe(true);
    expect(textOf(whole)).toBe(
      '"big.txt" is 4 KiB, over the 1 KiB limit for reading a whole file. Read part of it with read_text (offset/length, head or tail).',
    );
    expect(textOf(await client.callTool("read_text", { path: "big.txt", head: 2 }))).toBe("x\nx\n");
  });

  it("refuses binary files and mixed options clearly", async () => {
    await using box = await createSandbox({
      "img.png": PNG,
      "latin1.txt": Buffer.from([0x63, 0x61, 0x66, 0xe9]),
    });
    await using client = await connect({ roots: [{ path: box.root, writable: false }] });
    for (const path of ["img.png", "latin1.txt"]) {
      const result = await client.callTool("read_text", { path });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain(`"${path}" is a binary file (or not UTF-8 text)`);
    }
    const mixed = await client.callTool("read_text", { path: "img.png", head: 1, tail: 1 });
    expect(textOf(mixed)).toBe("Give at most one of offset/length, head or tail.");
  });
});

describe("read_json", () => {
  it("reads a document or the part at a pointer", async () => {
    await using box = await createSandbox({
      "p.json": JSON.stringify({ name: "x", "a/b": { list: [1, { deep: true }] } }),
    });
    await using client = await connect({ roots: [{ path: box.root, writable: false }] });
    expect(JSON.parse(textOf(await client.callTool("read_json", { path: "p.json" }))).name).toBe("x");
    expect(
      JSON.parse(textOf(await client.callTool("read_json", { path: "p.json", pointer: "/a~1b/list/1" }))),
    ).toEqual({
      deep: true,
    });
    const missing = await client.callTool("read_json", { path: "p.json", pointer: "/a~1b/list/7" });
    expect(missing.isError).toBe(true);
    expect(textOf(missing)).toBe(
      'JSON pointer "/a~1b/list/7": /a~1b/list is an array of 2; no index "7". (in "p.json")',
    );
  });

  it("names the line and column of invalid JSON, and a missing file", async () => {
    await using box = await createSandbox({
      "bad.json": '{\n  "a": 1,\n  "b": }\n',
      "trail.json": '{"a": 1,}',
    });
    await using client = await connect({ roots: [{ path: box.root, writable: false }] });
    expect(textOf(await client.callTool("read_json", { path: "bad.json" }))).toBe(
      '"bad.json" is not valid JSON at line 3, column 8: unexpected "}".',
    );
    expect(textOf(await client.callTool("read_json", { path: "trail.json" }))).toBe(
      '"trail.json" is not valid JSON at line 1, column 9: expected a property name in double quotes, found "}".',
    );
    const missing = await client.callTool("read_json", { path: "nope.json" });
    expect(missing.isError).toBe(true);
    expect(textOf(missing)).toBe('"nope.json" does not exist.');
  });
});

describe("read_media and get_file_info", () => {
  it("returns images and audio by their bytes, not their names", async () => {
    await using box = await createSandbox({ "pic.dat": PNG, "sound.bin": wav(), "fake.png": "not an image" });
    await using client = await connect({ roots: [{ path: box.root, writable: false }] });
    const image = await client.callTool("read_media", { path: "pic.dat" });
    expect(image.content).toEqual([{ type: "image", mimeType: "image/png", data: PNG.toString("base64") }]);
    const audio = await client.callTool("read_media", { path: "sound.bin" });
    expect(audio.content[0]).toMatchObject({ type: "audio", mimeType: "audio/wav" });
    const fake = await client.callTool("read_media", { path: "fake.png" });
    expect(fake.isError).toBe(true);
    expect(textOf(fake)).toBe(
      '"fake.png" is not an image or audio file of a known format (judged by its bytes).',
    );
  });

  it("describes files, folders and links", async () => {
    await using box = await createSandbox({ "a.txt": "hello" });
    await symlink("a.txt", join(box.root, "link.txt"));
    await mkdir(join(box.root, "dir"));
    await using client = await connect({ roots: [{ path: box.root, writable: false }] });
    const file = jsonOf(await client.callTool("get_file_info", { path: "a.txt" }));
    expect(file).toMatchObject({ path: "a.txt", type: "file", size: 5, symlink: false, writable: false });
    expect(file.sha256).toBe(createHash("sha256").update("hello").digest("hex"));
    expect(jsonOf(await client.callTool("get_file_info", { path: "link.txt" }))).toMatchObject({
      type: "file",
      symlink: true,
    });
    const dir = jsonOf(await client.callTool("get_file_info", { path: "dir" }));
    expect(dir).toMatchObject({ type: "directory" });
    expect(dir.sha256).toBeUndefined();
    const missing = await client.callTool("get_file_info", { path: "nope" });
    expect(textOf(missing)).toBe('"nope" does not exist.');
  });
});

describe("file resource", () => {
  it("serves text and binary files inside the roots through file:// URIs", async () => {
    await using box = await createSandbox({ "notes/a b.txt": "hi there", "pic.png": PNG });
    await using client = await connect({ roots: [{ path: box.root, writable: false }] });
    const templates = await client.listResourceTemplates();
    expect(templates.map((template) => template.uriTemplate)).toContain("file://{+path}");
    const uri = `file://${encodeURI(join(box.root, "notes/a b.txt"))}`;
    const text = await client.readResource(uri);
    expect(text.contents).toEqual([{ uri, mimeType: "text/plain", text: "hi there" }]);
    const image = await client.readResource(`file://${join(box.root, "pic.png")}`);
    expect(image.contents[0]).toMatchObject({ mimeType: "image/png", blob: PNG.toString("base64") });
  });

  it("refuses files outside the roots with the caller's path in the error", async () => {
    await using box = await createSandbox();
    await using client = await connect({ roots: [{ path: box.root, writable: false }] });
    const outside = join(box.outside, "secret.txt");
    await expect(client.readResource(`file://${outside}`)).rejects.toMatchObject({
      code: -32602,
      message: `Access denied: "${outside}" is outside the folders shared with this server.`,
    });
    await writeFile(join(box.root, "x"), "");
    await expect(client.readResource("file://x")).rejects.toMatchObject({ code: -32602 });
  });
});

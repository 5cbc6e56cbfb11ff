import { createHash } from "node:crypto";
import { chmod, readdir, readFile, stat, symlink } from "node:fs/promises";
import { join } from "node:path";
import type { LogMessageNotification } from "@mcpkit/core";
import { describe, expect, it } from "vitest";
import { connect, createSandbox, jsonOf, snapshot, textOf } from "../test-fixture.js";

const WRITE_TOOLS = ["create_directory", "edit_file", "move_path", "write_file"];

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

describe("write tools registration", () => {
  it("registers no write tool unless writing is allowed", async () => {
    await using box = await createSandbox();
    await using client = await connect({ roots: [{ path: box.root, writable: false }] });
    const names = (await client.listTools()).map((tool) => tool.name);
    expect(names.filter((name) => WRITE_TOOLS.includes(name))).toEqual([]);
    const result = await client
      .request("tools/call", { name: "write_file", arguments: { path: "x", content: "" } })
      .catch((error: unknown) => error);
    expect(result).toMatchObject({ code: -32602, message: "Unknown tool: write_file" });
    expect(await readdir(box.root)).toEqual([]);
  });

  it("annotates read-only, destructive and idempotent tools correctly", async () => {
    await using box = await createSandbox();
    await using client = await connect({ roots: [{ path: box.root, writable: true }] });
    const tools = Object.fromEntries((await client.listTools()).map((tool) => [tool.name, tool.annotations]));
    for (const name of [
      "list_directory",
      "directory_tree",
      "read_text",
      "read_json",
      "read_media",
      "get_file_info",
      "search_files",
      "search_content",
    ]) {
      expect(tools[name]).toMatchObject({ readOnlyHint: true });
    }
    expect(tools.write_file).toMatchObject({
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: true,
    });
    expect(tools.edit_file).toMatchObject({
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: false,
    });
    expect(tools.create_directory).toMatchObject({
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: true,
    });
    expect(tools.move_path).toMatchObject({
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: false,
    });
  });
});

describe("write_file", () => {
  it("creates and replaces files atomically, keeping permissions and logging what it did", async () => {
    await using box = await createSandbox({ "script.sh": "old" });
    await chmod(join(box.root, "script.sh"), 0o775);
    const logs: LogMessageNotification[] = [];
    await using client = await connect(
      { roots: [{ path: box.root, writable: true }] },
      { onLog: (log) => logs.push(log) },
    );
    const created = await client.callTool("write_file", { path: "new.txt", content: "héllo\n" });
    expect(textOf(created)).toBe(`Created new.txt (7 bytes, sha256 ${sha256("héllo\n")}).`);
    expect(await readFile(join(box.root, "new.txt"), "utf8")).toBe("héllo\n");
    const replaced = await client.callTool("write_file", { path: "script.sh", content: "#!/bin/sh\n" });
    expect(textOf(replaced)).toMatch(/^Replaced script.sh/);
    expect(await readFile(join(box.root, "script.sh"), "utf8")).toBe("#!/bin/sh\n");
    expect((await stat(join(box.root, "script.sh"))).mode & 0o777).toBe(0o775);
    expect((await readdir(box.root)).sort()).toEqual(["new.txt", "script.sh"]);
    expect(logs.map((log) => log.data)).toEqual([
      "Created new.txt (7 bytes)",
      "Replaced script.sh (10 bytes)",
    ]);
  });

  it("asks for the folder to exist and refuses to replace a folder", async () => {
    await using box = await createSandbox({ "dir/": "" });
    await using client = await connect({ roots: [{ path: box.root, writable: true }] });
    const nested = await client.callTool("write_file", { path: "no/such/file.txt", content: "x" });
    expect(textOf(nested)).toBe(
      'The folder of "no/such/file.txt" does not exist; create it first with create_directory.',
    );
    const folder = await client.callTool("write_file", { path: "dir", content: "x" });
    expect(textOf(folder)).toBe('"dir" is a folder, not a file.');
    expect(await readdir(box.root)).toEqual(["dir"]);
    expect(await readdir(join(box.root, "dir"))).toEqual([]);
  });

  it("refuses content over the size limit", async () => {
    await using box = await createSandbox();
    await using client = await connect({
      roots: [{ path: box.root, writable: true }],
      limits: { maxFileBytes: 10 },
    });
    const result = await client.callTool("write_file", { path: "a.txt", content: "x".repeat(11) });
    expect(textOf(result)).toBe('The content for "a.txt" is 11 B, over the 10 B limit.');
    expect(await readdir(box.root)).toEqual([]);
  });
});

describe("edit_file", () => {
  const original = "alpha\nbeta\ngamma\nbeta\n";

  it("replaces unique text and returns the diff and new hash", async () => {
    await using box = await createSandbox({ "a.txt": original });
    await using client = await connect({ roots: [{ path: box.root, writable: true }] });
    const result = await client.callTool("edit_file", {
      path: "a.txt",
      edits: [{ old_text: "alpha", new_text: "ALPHA" }],
    });
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toContain("-alpha\n+ALPHA");
    const updated = "ALPHA\nbeta\ngamma\nbeta\n";
    expect(textOf(result)).toContain(`sha256 ${sha256(updated)}`);
    expect(await readFile(join(box.root, "a.txt"), "utf8")).toBe(updated);
  });

  it("rejects ambiguous and missing text unless replace_all, leaving the file alone", async () => {
    await using box = await createSandbox({ "a.txt": original });
    await using client = await connect({ roots: [{ path: box.root, writable: true }] });
    const ambiguous = await client.callTool("edit_file", {
      path: "a.txt",
      edits: [{ old_text: "beta", new_text: "B" }],
    });
    expect(textOf(ambiguous)).toBe(
      'The edit: old_text occurs 2 times in "a.txt". Include more surrounding text to make it unique, or set replace_all.',
    );
    const missing = await client.callTool("edit_file", {
      path: "a.txt",
      edits: [
        { old_text: "gamma", new_text: "G" },
        { old_text: "delta", new_text: "D" },
      ],
    });
    expect(textOf(missing)).toBe(
      'Edit 2: old_text was not found in "a.txt". Read the file again and copy the exact text.',
    );
    expect(await readFile(join(box.root, "a.txt"), "utf8")).toBe(original);
    const all = await client.callTool("edit_file", {
      path: "a.txt",
      edits: [{ old_text: "beta", new_text: "B", replace_all: true }],
    });
    expect(all.isError).toBeFalsy();
    expect(await readFile(join(box.root, "a.txt"), "utf8")).toBe("alpha\nB\ngamma\nB\n");
  });

  it("shows a unified diff on dry_run without writing", async () => {
    await using box = await createSandbox({ "a.txt": original });
    await using client = await connect({ roots: [{ path: box.root, writable: true }] });
    const result = await client.callTool("edit_file", {
      path: "a.txt",
      edits: [{ old_text: "gamma", new_text: "GAMMA" }],
      dry_run: true,
    });
    expect(textOf(result)).toBe(
      ["--- a.txt", "+++ a.txt", "@@ -1,4 +1,4 @@", " alpha", " beta", "-gamma", "+GAMMA", " beta", ""].join(
        "\n",
      ),
    );
    expect(await readFile(join(box.root, "a.txt"), "utf8")).toBe(original);
  });

  it("refuses to overwrite a file that changed since it was read", async () => {
    await using box = await createSandbox({ "a.txt": original });
    await using client = await connect({ roots: [{ path: box.root, writable: true }] });
    const info = jsonOf<{ sha256: string }>(await client.callTool("get_file_info", { path: "a.txt" }));
    expect(info.sha256).toBe(sha256(original));
    const stale = await client.callTool("edit_file", {
      path: "a.txt",
      edits: [{ old_text: "alpha", new_text: "A" }],
      expected_sha256: sha256("something else"),
    });
    expect(textOf(stale)).toBe('"a.txt" has changed since it was read (its SHA-256 differs); read it again.');
    expect(await readFile(join(box.root, "a.txt"), "utf8")).toBe(original);
    const fresh = await client.callTool("edit_file", {
      path: "a.txt",
      edits: [{ old_text: "alpha", new_text: "A" }],
      expected_sha256: info.sha256.toUpperCase(),
    });
    expect(fresh.isError).toBeFalsy();
  });
});

describe("create_directory and move_path", () => {
  it("creates nested folders and is idempotent", async () => {
    await using box = await createSandbox({ "file.txt": "" });
    await using client = await connect({ roots: [{ path: box.root, writable: true }] });
    expect(textOf(await client.callTool("create_directory", { path: "a/b/c" }))).toBe("Created a/b/c.");
    expect((await stat(join(box.root, "a/b/c"))).isDirectory()).toBe(true);
    expect(textOf(await client.callTool("create_directory", { path: "a/b/c" }))).toBe(
      "a/b/c already exists.",
    );
    expect(textOf(await client.callTool("create_directory", { path: "file.txt" }))).toBe(
      '"file.txt" exists and is not a folder.',
    );
    const under = await client.callTool("create_directory", { path: "file.txt/x" });
    expect(under.isError).toBe(true);
  });

  it("moves files and folders, never overwriting unless asked", async () => {
    await using box = await createSandbox({ "a.txt": "A", "b.txt": "B", "dir/c.txt": "C" });
    await using client = await connect({ roots: [{ path: box.root, writable: true }] });
    expect(textOf(await client.callTool("move_path", { source: "a.txt", destination: "dir/a2.txt" }))).toBe(
      "Moved a.txt to dir/a2.txt.",
    );
    const clash = await client.callTool("move_path", { source: "b.txt", destination: "dir/c.txt" });
    expect(textOf(clash)).toBe('"dir/c.txt" already exists; set overwrite to replace it.');
    expect(await readFile(join(box.root, "dir/c.txt"), "utf8")).toBe("C");
    await client.callTool("move_path", { source: "b.txt", destination: "dir/c.txt", overwrite: true });
    expect(await readFile(join(box.root, "dir/c.txt"), "utf8")).toBe("B");
    await client.callTool("move_path", { source: "dir", destination: "renamed" });
    expect((await readdir(join(box.root, "renamed"))).sort()).toEqual(["a2.txt", "c.txt"]);
    const into = await client.callTool("move_path", { source: "renamed", destination: "renamed/inner" });
    expect(textOf(into)).toBe('"renamed/inner" is inside "renamed".');
    const root = await client.callTool("move_path", { source: ".", destination: "elsewhere" });
    expect(textOf(root)).toBe('"." is a shared folder itself; it cannot be moved.');
  });

  it("moves a symbolic link itself, not its target", async () => {
    await using box = await createSandbox({ "target.txt": "T" });
    await symlink("target.txt", join(box.root, "link"));
    await using client = await connect({ roots: [{ path: box.root, writable: true }] });
    await client.callTool("move_path", { source: "link", destination: "link2" });
    expect(await snapshot(box.root)).toEqual({
      link2: "link target.txt",
      "target.txt": expect.stringMatching(/^file /),
    });
  });
});

describe("per-root write permission", () => {
  it("writes only in writable roots", async () => {
    await using box = await createSandbox({ "ro/keep.txt": "keep", "rw/": "" });
    const ro = join(box.root, "ro");
    const rw = join(box.root, "rw");
    await using client = await connect({
      roots: [
        { path: ro, writable: false },
        { path: rw, writable: true },
      ],
    });
    expect(
      (await client.callTool("write_file", { path: join(rw, "ok.txt"), content: "ok" })).isError,
    ).toBeFalsy();
    const refused = await client.callTool("write_file", { path: join(ro, "keep.txt"), content: "changed" });
    expect(textOf(refused)).toBe(
      `"${join(ro, "keep.txt")}" is in a read-only folder: this server may not change it.`,
    );
    const moved = await client.callTool("move_path", {
      source: join(ro, "keep.txt"),
      destination: join(rw, "stolen.txt"),
    });
    expect(moved.isError).toBe(true);
    expect(await readFile(join(ro, "keep.txt"), "utf8")).toBe("keep");
    expect(await readdir(rw)).toEqual(["ok.txt"]);
  });
});

import { execFileSync, spawn } from "node:child_process";
import { mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Client } from "@mcpkit/core";
import { describe, expect, it } from "vitest";
import { connect, createSandbox, type Sandbox, snapshot, textOf } from "./test-fixture.js";

const OUTSIDE_TEXT = "outside secret";

/** A sandbox with every kind of hostile link in its root. */
async function hostileSandbox(): Promise<Sandbox> {
  const box = await createSandbox({
    "inside.txt": "inside",
    "sub/nested.txt": "nested",
    ".env": "TOKEN=1",
    ".ENV.local": "TOKEN=2",
    "keys/id_rsa": "-----BEGIN",
    "server.pem": "cert",
    ".git/config": "[remote]",
    "sub/.ssh/id_ed25519": "key",
  });
  await symlink(join(box.outside, "secret.txt"), join(box.root, "link-file"));
  await symlink(box.outside, join(box.root, "link-dir"));
  await symlink(join(box.outside, "missing.txt"), join(box.root, "dangling"));
  await symlink("../outside/new-dir", join(box.root, "dangling-dir"));
  await symlink(".env", join(box.root, "innocent-name"));
  await symlink("loop-b", join(box.root, "loop-a"));
  await symlink("loop-a", join(box.root, "loop-b"));
  return box;
}

/** Hostile paths and the message each must get, for the tools that read one path. */
function readAttacks(box: Sandbox): Array<[string, string]> {
  const outsideSecret = join(box.outside, "secret.txt");
  const outside = (path: string) =>
    `Access denied: ${JSON.stringify(path)} is outside the folders shared with this server.`;
  const denied = (path: string, pattern: string) =>
    `Access denied: ${JSON.stringify(path)} is on the deny-list for secrets (${pattern}).`;
  return [
    ["../outside/secret.txt", outside("../outside/secret.txt")],
    ["sub/../../outside/secret.txt", outside("sub/../../outside/secret.txt")],
    [`${box.root}/../outside/secret.txt`, outside(`${box.root}/../outside/secret.txt`)],
    [outsideSecret, outside(outsideSecret)],
    ["/etc/passwd", outside("/etc/passwd")],
    ["link-file", outside("link-file")],
    ["link-dir/secret.txt", outside("link-dir/secret.txt")],
    ["dangling", outside("dangling")],
    [`file://${outsideSecret}`, outside(`file://${outsideSecret}`)],
    [
      `file://${box.root}/..%2Foutside%2Fsecret.txt`,
      `Invalid file URI ${JSON.stringify(`file://${box.root}/..%2Foutside%2Fsecret.txt`)}: it contains an encoded separator or NUL byte.`,
    ],
    [
      "file://evil.example/etc/passwd",
      'Invalid file URI "file://evil.example/etc/passwd": only local files (file:///...) are served.',
    ],
    ["inside.txt\u0000.png", 'Invalid path "inside.txt\\u0000.png": it contains a NUL byte.'],
    ["", "The path is empty: give a file or folder path."],
    ["x".repeat(5000), `"${"x".repeat(5000)}" is too long a path.`],
    [".env", denied(".env", ".env")],
    [".ENV.local", denied(".ENV.local", ".env.*")],
    ["keys/id_rsa", denied("keys/id_rsa", "id_rsa*")],
    ["server.pem", denied("server.pem", "*.pem")],
    [".git/config", denied(".git/config", ".git")],
    ["sub/.ssh/id_ed25519", denied("sub/.ssh/id_ed25519", ".ssh")],
    ["innocent-name", denied("innocent-name", ".env")],
    [
      "loop-a",
      '"loop-a" has too many levels of symbolic links, or became a symbolic link while being opened.',
    ],
  ];
}

async function expectRefused(
  client: Client,
  tool: string,
  args: Record<string, unknown>,
  message: string,
  box: Sandbox,
) {
  const result = await client.callTool(tool, args);
  const text = textOf(result);
  expect(result.isError, `${tool} ${JSON.stringify(args)}`).toBe(true);
  expect(text, `${tool} ${JSON.stringify(args)}`).toBe(message);
  expect(text).not.toContain(OUTSIDE_TEXT);
  // Host details never leak: the sandbox's own paths appear only when the caller gave them.
  if (!JSON.stringify(args).includes(box.base)) expect(text).not.toContain(box.base);
}

describe("attack matrix: reads", () => {
  it.each(["read_text", "read_json", "read_media", "get_file_info"])(
    "%s refuses every hostile path with a clear error and reads nothing outside",
    async (tool) => {
      await using box = await hostileSandbox();
      const before = await snapshot(box.base);
      await using client = await connect({ roots: [{ path: box.root, writable: false }] });
      for (const [path, message] of readAttacks(box))
        await expectRefused(client, tool, { path }, message, box);
      expect(await snapshot(box.base)).toEqual(before);
    },
  );

  it("refuses hostile folders for listing, trees and searches", async () => {
    await using box = await hostileSandbox();
    await using client = await connect({ roots: [{ path: box.root, writable: false }] });
    const cases: Array<[string, string]> = [
      ["..", `Access denied: ".." is outside the folders shared with this server.`],
      ["link-dir", `Access denied: "link-dir" is outside the folders shared with this server.`],
      [
        box.outside,
        `Access denied: ${JSON.stringify(box.outside)} is outside the folders shared with this server.`,
      ],
      [".git", `Access denied: ".git" is on the deny-list for secrets (.git).`],
    ];
    for (const [path, message] of cases) {
      await expectRefused(client, "list_directory", { path }, message, box);
      await expectRefused(client, "directory_tree", { path }, message, box);
      await expectRefused(client, "search_files", { path, glob: "*" }, message, box);
      await expectRefused(client, "search_content", { path, query: "secret" }, message, box);
    }
  });

  it("never lists, walks into or searches links out of the root or secrets", async () => {
    await using box = await hostileSandbox();
    await using client = await connect({ roots: [{ path: box.root, writable: false }] });
    const listing = textOf(await client.callTool("list_directory", {}));
    for (const secret of [".env", ".ENV.local", "server.pem", ".git"])
      expect(listing).not.toContain(`"${secret}"`);
    const tree = textOf(await client.callTool("directory_tree", { max_depth: 5 }));
    expect(tree).not.toContain("secret.txt");
    expect(tree).not.toContain("id_rsa");
    const files = textOf(await client.callTool("search_files", { glob: "**" }));
    expect(files).not.toMatch(/secret\.txt|id_rsa|id_ed25519|\.env|\.git|\.pem/i);
    const content = await client.callTool("search_content", {
      query: "secret|TOKEN|BEGIN|remote",
      regex: true,
    });
    expect(JSON.parse(textOf(content)).matches).toEqual([]);
  });

  it("keeps Unicode spellings apart: NFD and NFC folders are different folders", async () => {
    await using box = await createSandbox();
    const nfc = join(box.base, "caf\u00e9");
    const nfd = join(box.base, "cafe\u0301");
    await mkdir(nfc);
    await mkdir(nfd);
    await writeFile(join(nfd, "secret.txt"), OUTSIDE_TEXT);
    await symlink(nfd, join(nfc, "to-nfd"));
    await using client = await connect({ roots: [{ path: nfc, writable: false }] });
    const viaSpelling = join(nfd, "secret.txt");
    await expectRefused(
      client,
      "read_text",
      { path: viaSpelling },
      `${JSON.stringify(viaSpelling)} does not exist.`,
      box,
    );
    await expectRefused(
      client,
      "read_text",
      { path: "to-nfd/secret.txt" },
      'Access denied: "to-nfd/secret.txt" is outside the folders shared with this server.',
      box,
    );
  });

  it("bounds deep trees by the depth limit", async () => {
    await using box = await createSandbox();
    const deep = `${Array.from({ length: 40 }, (_, i) => `d${i}`).join("/")}/bottom.txt`;
    await box.write({ [deep]: "needle" });
    await using client = await connect({
      roots: [{ path: box.root, writable: false }],
      limits: { maxDepth: 5 },
    });
    const files = JSON.parse(textOf(await client.callTool("search_files", { glob: "bottom.txt" })));
    expect(files.matches).toEqual([]);
    expect(files.note).toBe("Some folders were deeper than the depth limit and were not searched.");
    const tree = JSON.parse(textOf(await client.callTool("directory_tree", { max_depth: 100 })));
    expect(tree.note).toBe("Folders deeper than 5 levels are shown without their contents.");
    // Reading the deep file directly is still allowed: the limit bounds walks, not paths.
    expect(textOf(await client.callTool("read_text", { path: deep }))).toBe("needle");
  });

  it("refuses huge files whole and binary files as text", async () => {
    await using box = await createSandbox({
      "huge.log": Buffer.alloc(3 * 1024 * 1024, 0x61),
      "blob.bin": Buffer.from([1, 0, 2]),
    });
    await using client = await connect({
      roots: [{ path: box.root, writable: false }],
      limits: { maxFileBytes: 1024 * 1024 },
    });
    for (const tool of ["read_text", "read_json", "read_media"]) {
      await expectRefused(
        client,
        tool,
        { path: "huge.log" },
        '"huge.log" is 3 MiB, over the 1 MiB limit for reading a whole file. Read part of it with read_text (offset/length, head or tail).',
        box,
      );
    }
    await expect(client.readResource(`file://${join(box.root, "huge.log")}`)).rejects.toMatchObject({
      code: -32602,
    });
    await expectRefused(
      client,
      "read_text",
      { path: "blob.bin" },
      '"blob.bin" is a binary file (or not UTF-8 text), so it cannot be read as text. Use read_media for images and audio, or get_file_info for its size and type.',
      box,
    );
  });

  it("refuses special files such as named pipes without blocking", async () => {
    await using box = await createSandbox();
    execFileSync("mkfifo", [join(box.root, "pipe")]);
    await using client = await connect({ roots: [{ path: box.root, writable: false }] });
    for (const tool of ["read_text", "read_json", "read_media"]) {
      await expectRefused(client, tool, { path: "pipe" }, '"pipe" is not a regular file.', box);
    }
    const found = JSON.parse(textOf(await client.callTool("search_content", { query: "x" })));
    expect(found).toMatchObject({ matches: [], files_searched: 0 });
  });
});

describe("attack matrix: writes", () => {
  it("refuses every hostile write target and changes nothing outside the root", async () => {
    await using box = await hostileSandbox();
    const outsideBefore = await snapshot(box.outside);
    const rootBefore = await snapshot(box.root);
    await using client = await connect({ roots: [{ path: box.root, writable: true }] });
    const outsideMessage = (path: string) =>
      `Access denied: ${JSON.stringify(path)} is outside the folders shared with this server.`;
    const targets: Array<[string, string]> = readAttacks(box).filter(([path]) => path !== "/etc/passwd");
    targets.push(
      ["dangling-dir/x.txt", outsideMessage("dangling-dir/x.txt")],
      ["link-dir/new.txt", outsideMessage("link-dir/new.txt")],
      ["../outside/new.txt", outsideMessage("../outside/new.txt")],
    );
    // move_path acts on a link itself, not its target (tested with the write tools), so the links
    // in the root are fair game for it; everything else must be refused.
    const links = ["link-file", "dangling", "innocent-name", "loop-a"];
    for (const [path, message] of targets) {
      await expectRefused(client, "write_file", { path, content: "pwned" }, message, box);
      await expectRefused(
        client,
        "edit_file",
        { path, edits: [{ old_text: "s", new_text: "x" }] },
        message,
        box,
      );
      await expectRefused(client, "create_directory", { path }, message, box);
      if (links.includes(path)) continue;
      await expectRefused(
        client,
        "move_path",
        { source: "inside.txt", destination: path, overwrite: true },
        message,
        box,
      );
      await expectRefused(client, "move_path", { source: path, destination: "stolen.txt" }, message, box);
    }
    expect(await snapshot(box.outside)).toEqual(outsideBefore);
    expect(await snapshot(box.root)).toEqual(rootBefore);
  });

  it("refuses writes without permission and leaves the disk untouched", async () => {
    await using box = await hostileSandbox();
    const before = await snapshot(box.base);
    await using client = await connect({ roots: [{ path: box.root, writable: false }] });
    for (const tool of ["write_file", "edit_file", "create_directory", "move_path"]) {
      await expect(
        client.request("tools/call", { name: tool, arguments: { path: "inside.txt" } }),
      ).rejects.toMatchObject({
        code: -32602,
      });
    }
    expect(await snapshot(box.base)).toEqual(before);
  });
});

/**
 * Runs a separate process that keeps swapping the folder `path` (inside the root) for a symlink to
 * `outside` and back, so that every check of a path below it races against the swap.
 */
async function startSwapping(path: string, outside: string): Promise<{ stop(): Promise<void> }> {
  const script = `
    const fs = require("node:fs");
    const [path, outside] = process.argv.slice(1);
    const hold = path + ".hold";
    // Stops by itself too, should the test process die without killing it.
    const until = Date.now() + 30000;
    while (Date.now() < until) {
      try { fs.renameSync(path, hold); } catch {}
      try { fs.symlinkSync(outside, path); } catch {}
      try { fs.unlinkSync(path); } catch {}
      try { fs.renameSync(hold, path); } catch {}
    }`;
  const child = spawn(process.execPath, ["-e", script, path, outside], { stdio: "ignore" });
  await new Promise((resolve) => child.once("spawn", resolve));
  return {
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.kill();
      }),
  };
}

describe("attack matrix: folders swapped for symlinks while in use", () => {
  it("never reads, lists or writes outside the root", async () => {
    await using box = await createSandbox({ "swap/file.txt": "inside" });
    await writeFile(join(box.outside, "file.txt"), OUTSIDE_TEXT);
    const before = await snapshot(box.outside);
    await using client = await connect({ roots: [{ path: box.root, writable: true }] });
    const swapper = await startSwapping(join(box.root, "swap"), box.outside);
    const outcomes = new Set<string>();
    try {
      for (let i = 0; i < 400; i++) {
        const read = await client.callTool("read_text", { path: "swap/file.txt" });
        expect(textOf(read)).not.toContain(OUTSIDE_TEXT);
        outcomes.add(read.isError ? "read refused" : "read");
        const listing = await client.callTool("list_directory", { path: "swap" });
        expect(textOf(listing)).not.toContain("secret.txt");
        const write = await client.callTool("write_file", { path: `swap/w${i}.txt`, content: "x" });
        outcomes.add(write.isError ? "write refused" : "written");
      }
    } finally {
      await swapper.stop();
    }
    expect(await snapshot(box.outside)).toEqual(before);
    // The race was real: some calls got through to the folder inside, some were refused.
    expect(outcomes.has("read") || outcomes.has("written")).toBe(true);
    expect(outcomes.has("read refused") || outcomes.has("write refused")).toBe(true);
  });
});

import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { LogMessageNotification } from "@mcpkit/core";
import { describe, expect, it } from "vitest";
import { connect, createSandbox, jsonOf, snapshot, textOf } from "./test-fixture.js";

const uri = (path: string) => pathToFileURL(path).href;
const NO_ROOTS =
  "No directories are shared with this server: start it with a directory argument, or share a folder (root) from the client.";

const NO_OVERLAP =
  "None of the client's roots is inside the directories shared with this server, so no file is available.";

describe("roots", () => {
  it("answers every call with a clear error when no folder is shared at all", async () => {
    await using box = await createSandbox({ "a.txt": "a" });
    await using bare = await connect({ roots: [] });
    for (const [tool, args] of [
      ["list_directory", {}],
      ["read_text", { path: join(box.root, "a.txt") }],
    ] as const) {
      const result = await bare.callTool(tool, args);
      expect(result.isError).toBe(true);
      expect(textOf(result)).toBe(NO_ROOTS);
    }
    await using empty = await connect({ roots: [] }, { roots: [] });
    expect(textOf(await empty.callTool("list_directory", {}))).toBe(NO_ROOTS);
  });

  it("serves the client's roots when started without any, read-only unless writing is allowed", async () => {
    await using box = await createSandbox({ "a.txt": "from client root" });
    await using readOnly = await connect({ roots: [] }, { roots: [{ uri: uri(box.root), name: "project" }] });
    expect(textOf(await readOnly.callTool("read_text", { path: "a.txt" }))).toBe("from client root");
    expect((await readOnly.listTools()).map((tool) => tool.name)).not.toContain("write_file");
    const outside = join(box.outside, "secret.txt");
    expect(textOf(await readOnly.callTool("read_text", { path: outside }))).toBe(
      `Access denied: ${JSON.stringify(outside)} is outside the folders shared with this server.`,
    );
    await using writable = await connect(
      { roots: [], allowWrite: true },
      { roots: [{ uri: uri(box.root) }] },
    );
    expect((await writable.callTool("write_file", { path: "b.txt", content: "b" })).isError).toBeFalsy();
    expect(await readFile(join(box.root, "b.txt"), "utf8")).toBe("b");
  });

  it("narrows command-line roots to the client's, from the very first call", async () => {
    await using box = await createSandbox({ "top.txt": "top", "sub/in.txt": "in" });
    const sub = join(box.root, "sub");
    await using client = await connect(
      { roots: [{ path: box.root, writable: true }] },
      { roots: [{ uri: uri(sub) }] },
    );
    const top = join(box.root, "top.txt");
    expect(textOf(await client.callTool("read_text", { path: top }))).toBe(
      `Access denied: ${JSON.stringify(top)} is outside the folders shared with this server.`,
    );
    // Relative paths resolve against the first root in force, here the client's.
    expect(textOf(await client.callTool("read_text", { path: "in.txt" }))).toBe("in");
    // A client root inside a writable command-line root keeps its write permission.
    expect((await client.callTool("write_file", { path: "new.txt", content: "n" })).isError).toBeFalsy();
    expect(await readFile(join(sub, "new.txt"), "utf8")).toBe("n");
  });

  it("never widens command-line roots: a broader client root gives only the command-line root", async () => {
    await using box = await createSandbox({ "a.txt": "a" });
    const before = await snapshot(box.outside);
    await using client = await connect(
      { roots: [{ path: box.root, writable: false }] },
      { roots: [{ uri: uri(box.base) }] },
    );
    expect(textOf(await client.callTool("read_text", { path: join(box.root, "a.txt") }))).toBe("a");
    const secret = join(box.outside, "secret.txt");
    expect(textOf(await client.callTool("read_text", { path: secret }))).toBe(
      `Access denied: ${JSON.stringify(secret)} is outside the folders shared with this server.`,
    );
    expect(await snapshot(box.outside)).toEqual(before);
  });

  it("gives no access when the client's roots do not overlap the command-line roots", async () => {
    await using box = await createSandbox({ "a.txt": "a" });
    await using client = await connect(
      { roots: [{ path: box.root, writable: false }] },
      { roots: [{ uri: uri(box.outside) }] },
    );
    expect(textOf(await client.callTool("read_text", { path: join(box.outside, "secret.txt") }))).toBe(
      NO_OVERLAP,
    );
    expect(textOf(await client.callTool("read_text", { path: join(box.root, "a.txt") }))).toBe(NO_OVERLAP);
  });

  it("keeps the command-line roots when the client offers an empty list", async () => {
    await using box = await createSandbox({ "a.txt": "a" });
    await using client = await connect({ roots: [{ path: box.root, writable: false }] }, { roots: [] });
    expect(textOf(await client.callTool("read_text", { path: "a.txt" }))).toBe("a");
  });

  it("follows roots/list_changed", async () => {
    await using box = await createSandbox({ "one/a.txt": "one", "two/a.txt": "two" });
    await using client = await connect({ roots: [] }, { roots: [{ uri: uri(join(box.root, "one")) }] });
    expect(textOf(await client.callTool("read_text", { path: "a.txt" }))).toBe("one");
    await client.setRoots([{ uri: uri(join(box.root, "two")) }]);
    expect(textOf(await client.callTool("read_text", { path: "a.txt" }))).toBe("two");
    const old = join(box.root, "one/a.txt");
    expect(textOf(await client.callTool("read_text", { path: old }))).toBe(
      `Access denied: ${JSON.stringify(old)} is outside the folders shared with this server.`,
    );
  });

  it("ignores client roots that are not local folders, and says so", async () => {
    await using box = await createSandbox({ "a.txt": "a" });
    const logs: LogMessageNotification[] = [];
    await using client = await connect(
      { roots: [] },
      {
        roots: [
          { uri: "https://example.com/repo" },
          { uri: uri(join(box.root, "missing")) },
          { uri: uri(box.root) },
        ],
        onLog: (log) => logs.push(log),
      },
    );
    const listing = jsonOf<{ entries: Array<{ name: string }> }>(await client.callTool("list_directory", {}));
    expect(listing.entries.map((entry) => entry.name)).toEqual(["a.txt"]);
    expect(logs.map((log) => log.data)).toEqual([
      "Ignoring client root https://example.com/repo: not an existing local directory",
      `Ignoring client root ${uri(join(box.root, "missing"))}: not an existing local directory`,
    ]);
  });
});

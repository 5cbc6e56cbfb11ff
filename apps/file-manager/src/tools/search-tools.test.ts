import type { ProgressNotification } from "@mcpkit/core";
import { describe, expect, it } from "vitest";
import { connect, createSandbox, jsonOf, textOf } from "../test-fixture.js";

interface FileSearch {
  matches: string[];
  truncated: boolean;
  reason?: string;
}

interface ContentSearch {
  matches: Array<{ path: string; line: number; text: string }>;
  files_searched: number;
  truncated: boolean;
  reason?: string;
}

describe("search_files", () => {
  it("finds paths by glob, at any depth for a bare name pattern", async () => {
    await using box = await createSandbox({
      "a.ts": "",
      "src/b.ts": "",
      "src/deep/c.ts": "",
      "src/d.md": "",
      ".env": "",
    });
    await using client = await connect({ roots: [{ path: box.root, writable: false }] });
    const bare = jsonOf<FileSearch>(await client.callTool("search_files", { glob: "*.ts" }));
    expect(bare.matches).toEqual(["a.ts", "src/b.ts", "src/deep/c.ts"]);
    const below = jsonOf<FileSearch>(
      await client.callTool("search_files", { path: "src", glob: "deep/*.ts" }),
    );
    expect(below.matches).toEqual(["src/deep/c.ts"]);
    const secrets = jsonOf<FileSearch>(await client.callTool("search_files", { glob: ".env*" }));
    expect(secrets.matches).toEqual([]);
  });

  it("caps results with truncated: true", async () => {
    await using box = await createSandbox(
      Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`f${i}.txt`, ""])),
    );
    await using client = await connect({ roots: [{ path: box.root, writable: false }] });
    const found = jsonOf<FileSearch>(
      await client.callTool("search_files", { glob: "*.txt", max_results: 4 }),
    );
    expect(found.matches).toHaveLength(4);
    expect(found.truncated).toBe(true);
    expect(found.reason).toBe("Stopped at the limit of 4 results; narrow the path or pattern.");
  });
});

describe("search_content", () => {
  it("finds lines by text, case-insensitively by default, with a glob filter", async () => {
    await using box = await createSandbox({
      "a.md": "Hello world\nnothing\nhello again",
      "b.txt": "hello from txt",
      "bin.dat": Buffer.from([0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x00]),
      ".env": "hello=secret",
    });
    await using client = await connect({ roots: [{ path: box.root, writable: false }] });
    const all = jsonOf<ContentSearch>(await client.callTool("search_content", { query: "hello" }));
    expect(all.matches).toEqual([
      { path: "a.md", line: 1, text: "Hello world" },
      { path: "a.md", line: 3, text: "hello again" },
      { path: "b.txt", line: 1, text: "hello from txt" },
    ]);
    const sensitive = jsonOf<ContentSearch>(
      await client.callTool("search_content", { query: "Hello", case_sensitive: true, glob: "*.md" }),
    );
    expect(sensitive.matches.map((match) => match.line)).toEqual([1]);
  });

  it("searches by regular expression and rejects an invalid one", async () => {
    await using box = await createSandbox({ "a.txt": "id: 42\nid: x\n" });
    await using client = await connect({ roots: [{ path: box.root, writable: false }] });
    const found = jsonOf<ContentSearch>(
      await client.callTool("search_content", { query: "id: \\d+", regex: true }),
    );
    expect(found.matches).toEqual([{ path: "a.txt", line: 1, text: "id: 42" }]);
    const bad = await client.callTool("search_content", { query: "(", regex: true });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toContain('Invalid regular expression "("');
  });

  it("caps matches and reports progress on long searches", async () => {
    const files = Object.fromEntries(
      Array.from({ length: 250 }, (_, i) => [`d${i % 5}/f${i}.txt`, "needle\n"]),
    );
    await using box = await createSandbox(files);
    await using client = await connect({
      roots: [{ path: box.root, writable: false }],
      limits: { maxMatches: 300 },
    });
    const progress: ProgressNotification[] = [];
    const found = jsonOf<ContentSearch>(
      await client.callTool(
        "search_content",
        { query: "needle" },
        { onProgress: (note) => progress.push(note) },
      ),
    );
    expect(found.matches).toHaveLength(250);
    expect(found.truncated).toBe(false);
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress[0]?.message).toMatch(/^\d+ matches in \d+ files$/);
    const counts = progress.map((note) => note.progress);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    const capped = jsonOf<ContentSearch>(
      await client.callTool("search_content", { query: "needle", max_matches: 7 }),
    );
    expect(capped.matches).toHaveLength(7);
    expect(capped.truncated).toBe(true);
  });

  it("stops at the time budget with truncated: true instead of hanging", async () => {
    const files = Object.fromEntries(
      Array.from({ length: 400 }, (_, i) => [`d${i % 20}/f${i}.txt`, "x\n".repeat(200)]),
    );
    await using box = await createSandbox(files);
    await using client = await connect({
      roots: [{ path: box.root, writable: false }],
      limits: { searchTimeMs: 1 },
    });
    const found = jsonOf<ContentSearch>(
      await client.callTool("search_content", { query: "nothing-matches" }),
    );
    expect(found.truncated).toBe(true);
    expect(found.reason).toBe("The time budget ran out; narrow the path or pattern.");
    expect(found.files_searched).toBeLessThan(400);
  });

  it("skips files over the size limit", async () => {
    await using box = await createSandbox({
      "big.txt": `${"a".repeat(2000)}\nneedle`,
      "small.txt": "needle",
    });
    await using client = await connect({
      roots: [{ path: box.root, writable: false }],
      limits: { maxFileBytes: 1000 },
    });
    const found = jsonOf<ContentSearch>(await client.callTool("search_content", { query: "needle" }));
    expect(found.matches.map((match) => match.path)).toEqual(["small.txt"]);
  });
});

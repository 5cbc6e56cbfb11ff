import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Client } from "@mcpkit/core";
import { describe, expect, it } from "vitest";
import { createFixtureDatabase, temporaryDirectory, textOf } from "./test-support.js";

const appDirectory = fileURLToPath(new URL("..", import.meta.url));
const command = (flags: string[]) => ({
  command: process.execPath,
  args: ["--conditions=@mcpkit/source", "--import", "tsx", "src/main.ts", "--log-level", "silent", ...flags],
  cwd: appDirectory,
  stderr: "pipe" as const,
});

describe("the sqlite server as a process on stdio", () => {
  it("serves the file given with --db", async () => {
    using directory = temporaryDirectory();
    await using client = await Client.connect(
      command(["--db", createFixtureDatabase(directory.path), "--max-rows", "3"]),
    );
    expect(client.serverInfo.name).toBe("sqlite");
    const page = await client.callTool("query", { sql: "SELECT n FROM numbers ORDER BY n", max_rows: 3 });
    expect(page.structuredContent).toMatchObject({ rows: [[1], [2], [3]], truncated: true, next_offset: 3 });
    const tooMany = await client.callTool("query", { sql: "SELECT n FROM numbers", max_rows: 4 });
    expect(tooMany.isError).toBe(true);
    const refused = await client.callTool("query", { sql: "DELETE FROM numbers" });
    expect(textOf(refused)).toContain("[MCPKIT_NOT_A_QUERY]");
  });

  it("serves the embedded sample shop with no arguments", async () => {
    await using client = await Client.connect(command([]));
    const result = await client.callTool("query", {
      sql: "SELECT c.name, count(*) FROM products p JOIN categories c ON c.id = p.category_id GROUP BY c.id ORDER BY c.id LIMIT 2",
    });
    expect(result.structuredContent).toMatchObject({
      rows: [
        ["Coffee", 30],
        ["Tea", 30],
      ],
    });
  });

  it("exits with a clear message when --db names no file, and prints help", () => {
    const missing = spawnSync(command([]).command, [...command([]).args, "--db", "/no/such/file.db"], {
      cwd: appDirectory,
      encoding: "utf8",
    });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("--db: no file at /no/such/file.db");
    expect(missing.stdout).toBe("");
    const help = spawnSync(command([]).command, [...command([]).args, "--help"], {
      cwd: appDirectory,
      encoding: "utf8",
    });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("--timeout-ms <ms>");
  });
});

import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { Client } from "@mcpkit/core";
import { describe, expect, it } from "vitest";
import { createSandbox, textOf } from "./test-fixture.js";

const appDir = fileURLToPath(new URL("..", import.meta.url));
const run = (args: string[]) => ["--conditions=@mcpkit/source", "--import", "tsx", "src/main.ts", ...args];

describe("spawned over stdio", () => {
  it("serves the roots given on the command line", async () => {
    await using box = await createSandbox({ "hello.txt": "hello over stdio\n" });
    await using client = await Client.connect({
      command: process.execPath,
      args: run([box.root, "--allow-write", "--log-level", "silent"]),
      cwd: appDir,
      stderr: "pipe",
    });
    expect(client.serverInfo.name).toBe("file-manager");
    expect(textOf(await client.callTool("read_text", { path: "hello.txt" }))).toBe("hello over stdio\n");
    await client.callTool("write_file", { path: "out.txt", content: "written" });
    expect(await readFile(join(box.root, "out.txt"), "utf8")).toBe("written");
    const escaped = await client.callTool("read_text", { path: "../outside/secret.txt" });
    expect(textOf(escaped)).toBe(
      'Access denied: "../outside/secret.txt" is outside the folders shared with this server.',
    );
  });

  it("exits with a clear message for a root that does not exist", async () => {
    const failure = await promisify(execFile)(process.execPath, run(["/no/such/dir"]), { cwd: appDir }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toBe(
      'file-manager: "/no/such/dir" is not an existing directory\nRun with --help for usage.\n',
    );
  });
});

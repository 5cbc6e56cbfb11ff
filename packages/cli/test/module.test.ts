import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cliDir, fixture, mcpkitProcess } from "./run-mcpkit.js";

const scratch = join(cliDir, "test", ".tmp");
let directory: string | undefined;
afterEach(() => {
  if (directory) rmSync(directory, { recursive: true, force: true });
});

describe("module targets", () => {
  it("resolves a package from the current directory by its exports, and names what a module lacks", async () => {
    mkdirSync(scratch, { recursive: true });
    directory = mkdtempSync(join(scratch, "module-"));
    const pkg = join(directory, "node_modules", "@acme", "demo");
    mkdirSync(pkg, { recursive: true });
    writeFileSync(
      join(pkg, "package.json"),
      JSON.stringify({ name: "@acme/demo", type: "module", exports: { ".": { import: "./index.ts" } } }),
    );
    writeFileSync(
      join(pkg, "index.ts"),
      `export { server } from ${JSON.stringify(fixture("demo-server.ts"))};\n`,
    );
    const called = await mcpkitProcess(["call", "@acme/demo", "add", "a=20", "b=22"], { cwd: directory });
    expect(called).toMatchObject({ code: 0, stdout: "42\n" });

    writeFileSync(join(pkg, "index.ts"), "export const answer = 42;\n");
    const empty = await mcpkitProcess(["list", "@acme/demo"], { cwd: directory });
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain("exports no FastMCP server");
    expect(empty.stderr).toContain("It exports: answer");
  });
});

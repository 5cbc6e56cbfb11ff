import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Client, type StdioClientTransport } from "@mcpkit/core";
import { afterEach, describe, expect, it } from "vitest";
import { cliDir, mcpkitCommand } from "./run-mcpkit.js";

// The watched server must sit inside the workspace so it resolves @mcpkit/core.
const scratch = join(cliDir, "test", ".tmp");
let directory: string | undefined;
let lastStderr = () => "";
afterEach(() => {
  if (directory) rmSync(directory, { recursive: true, force: true });
});

function writeServer(file: string, version: string): void {
  writeFileSync(
    file,
    `import { FastMCP } from "@mcpkit/core";
export const server = new FastMCP({ name: "live", logLevel: "silent" });
server.tool({ name: "version" }, () => "${version}");
`,
  );
}

// Only catches a hang: under a loaded machine a tsx restart of the server took over 15 s.
async function waitFor(condition: () => boolean, timeoutMs = 90_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out; stderr:\n${lastStderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("mcpkit dev", () => {
  it("reloads on a file change without losing the session, tracing every message", async () => {
    mkdirSync(scratch, { recursive: true });
    directory = mkdtempSync(join(scratch, "dev-"));
    const file = join(directory, "server.ts");
    writeServer(file, "v1");
    await using client = await Client.connect({
      ...mcpkitCommand,
      args: [...mcpkitCommand.args, "dev", file],
      stderr: "pipe",
    });
    const stderr = () => (client.transport as StdioClientTransport).stderr;
    lastStderr = stderr;
    expect(await client.callTool("version")).toEqual({ content: [{ type: "text", text: "v1" }] });
    expect(stderr()).toContain("npx @modelcontextprotocol/inspector");
    // The client speaks 2025-11-25 unless told otherwise, so its first request is `initialize`.
    expect(stderr()).toMatch(/-> #1 initialize /);
    expect(stderr()).toMatch(/<- #\d+ result \{"content":\[\{"type":"text","text":"v1"\}\]\}/);

    let changed = 0;
    client.on("notifications/tools/list_changed", () => changed++);
    writeServer(file, "v2");
    await waitFor(() => changed > 0);
    expect(await client.callTool("version")).toEqual({ content: [{ type: "text", text: "v2" }] });
    expect(stderr()).toContain("server.ts changed; restarting the server");
    expect(stderr()).toContain("(replayed initialize)");

    // A broken edit: the server dies, calls fail clearly, and the next fix brings it back.
    writeFileSync(file, `${readFileSync(file, "utf8")}\nthrow new Error("typo in the server");\n`);
    await waitFor(() => stderr().includes("the server exited"));
    await expect(client.callTool("version")).rejects.toThrow(/not running|exited|restarted/);
    writeServer(file, "v3");
    await waitFor(() => changed > 1);
    expect(await client.callTool("version")).toEqual({ content: [{ type: "text", text: "v3" }] });
  });
});

import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { serveSdkHttp } from "../../core/test/sdk-v2/server.js";
import { cliDir, mcpkit, mcpkitCommand } from "./run-mcpkit.js";

/**
 * `--protocol` against a server nobody here wrote: the SDK v2 fixture of core's tests, which
 * serves both eras (over HTTP in this process, over stdio as a child).
 */
const sdkStdio = [
  process.execPath,
  "--import",
  "tsx",
  join(cliDir, "..", "core", "test", "sdk-v2", "stdio-main.ts"),
];

describe("mcpkit against servers of either era", () => {
  it("lists a 2026 server on 2026 under --protocol auto, and on 2025 by default", async () => {
    await using server = await serveSdkHttp();
    const modern = await mcpkit(["list", server.url, "--protocol", "auto"]);
    expect(modern.code).toBe(0);
    // Over HTTP a tool whose x-mcp-header breaks the spec's rules is left out, with a warning.
    expect(modern.stderr).toContain('leaving out tool "bad_header"');
    expect(modern.stdout).not.toContain("bad_header");
    expect(modern.stdout).toContain("sdk-v2-fixture 2.4.0 (protocol 2026-07-28)");
    expect(modern.stdout).toContain("echo(text: string)");
    expect(modern.stdout).toContain("docs://readme");
    const legacy = await mcpkit(["list", server.url]);
    expect(legacy.code).toBe(0);
    expect(legacy.stdout).toContain("sdk-v2-fixture 2.4.0 (protocol 2025-11-25)");
    expect(legacy.stdout).toContain("echo(text: string)");
  });

  it("calls, reads and gets prompts on 2026, over stdio and HTTP", async () => {
    const called = await mcpkit([
      "call",
      "echo",
      "text=over stdio",
      "--protocol",
      "2026-07-28",
      "--",
      ...sdkStdio,
    ]);
    expect(called).toMatchObject({ code: 0, stdout: "over stdio\n" });
    await using server = await serveSdkHttp();
    const read = await mcpkit(["read", server.url, "docs://readme", "--protocol", "2026-07-28"]);
    expect(read).toMatchObject({ code: 0, stdout: "# SDK v2\n" });
    const prompt = await mcpkit(["prompt", server.url, "greet", "name=Ada"]);
    expect(prompt.code).toBe(0);
    expect(prompt.stdout).toContain("Hello Ada");
    const missing = await mcpkit(["read", server.url, "docs://nope"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("Resources: docs://readme");
  });

  it("proxies a 2026 server (mcpkit run <url> --protocol 2026-07-28)", async () => {
    await using server = await serveSdkHttp();
    const proxy = [
      mcpkitCommand.command,
      ...mcpkitCommand.args,
      "run",
      server.url,
      "--protocol",
      "2026-07-28",
    ];
    const called = await mcpkit(["call", "whoami", "--", ...proxy]);
    expect(called.code).toBe(0);
    expect(JSON.parse(called.stdout)).toMatchObject({
      "io.modelcontextprotocol/protocolVersion": "2026-07-28",
      "io.modelcontextprotocol/clientInfo": { name: "mcpkit-proxy" },
    });
  });

  it("rejects an unknown --protocol, and --protocol on a target mcpkit serves itself", async () => {
    const unknown = await mcpkit(["list", "weather", "--protocol", "2099-01-01"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(
      '--protocol must be one of auto, 2026-07-28, 2025-11-25, got "2099-01-01"',
    );
    const served = await mcpkit(["run", "weather", "--protocol", "2026-07-28"]);
    expect(served.code).toBe(2);
    expect(served.stderr).toContain("--protocol is for a proxied target");
  });
});

import { FastMCP, staticTokenVerifier } from "@mcpkit/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { mcpkit } from "./run-mcpkit.js";

async function protectedServer() {
  const mcp = new FastMCP({ name: "protected", version: "1.0.0", logLevel: "silent" });
  mcp.tool({ name: "whoami", description: "The caller" }, (_args, ctx) => ctx.auth?.clientId ?? "anonymous");
  const running = await mcp.run({
    transport: "http",
    host: "127.0.0.1",
    port: 0,
    handleSignals: false,
    auth: { verify: staticTokenVerifier({ "ci-secret-token": "ci-bot" }) },
  });
  return { url: running.url as string, [Symbol.asyncDispose]: () => running.close() };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("URL targets that need a token", () => {
  it("sends MCPKIT_TOKEN as the bearer token, and says why without it", async () => {
    await using server = await protectedServer();
    vi.stubEnv("MCPKIT_TOKEN", "ci-secret-token");
    const called = await mcpkit(["call", server.url, "whoami"]);
    expect(called).toMatchObject({ code: 0, stdout: "ci-bot\n" });

    vi.stubEnv("MCPKIT_TOKEN", "");
    const refused = await mcpkit(["call", server.url, "whoami"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Could not connect.*Missing bearer token.*set MCPKIT_TOKEN/s);
    expect(refused.stderr).toContain("no browser sign-in");
    expect(refused.stderr).not.toContain("ci-secret-token");
  });

  it("refuses both a token and client credentials, and a client id without its secret", async () => {
    vi.stubEnv("MCPKIT_TOKEN", "t");
    vi.stubEnv("MCPKIT_CLIENT_ID", "c");
    expect((await mcpkit(["list", "http://127.0.0.1:9/mcp"])).stderr).toContain("not both");
    vi.stubEnv("MCPKIT_TOKEN", "");
    expect((await mcpkit(["list", "http://127.0.0.1:9/mcp"])).stderr).toContain("MCPKIT_CLIENT_SECRET");
  });
});

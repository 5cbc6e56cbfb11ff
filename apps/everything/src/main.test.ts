import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Client } from "@mcpkit/core";
import { describe, expect, it } from "vitest";

const appDir = fileURLToPath(new URL("..", import.meta.url));
const entry = ["--conditions=@mcpkit/source", "--import", "tsx", "src/main.ts"];

describe("everything main", () => {
  it("serves over stdio as a spawned process", async () => {
    await using client = await Client.connect({
      command: process.execPath,
      args: [...entry, "--log-level", "silent"],
      cwd: appDir,
      stderr: "pipe",
    });
    expect((await client.callTool("test_simple_text")).content).toEqual([
      { type: "text", text: "This is a simple text response for testing." },
    ]);
  });

  it("serves Streamable HTTP on 127.0.0.1 and stops cleanly on SIGTERM", async () => {
    const child = spawn(
      process.execPath,
      [...entry, "--transport", "http", "--port", "0", "--close-streams-after", "250"],
      {
        cwd: appDir,
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let output = "";
        child.stderr.setEncoding("utf8");
        child.stderr.on("data", (chunk: string) => {
          output += chunk;
          const found = /"url":"(http:\/\/127\.0\.0\.1:\d+\/mcp)"/.exec(output);
          if (found?.[1]) resolve(found[1]);
        });
        child.once("exit", () => reject(new Error(`exited before serving:\n${output}`)));
      });
      const client = await Client.connect(url);
      expect((await client.callTool("test_error_handling")).isError).toBe(true);
      // Started with --close-streams-after 250: the server closes this call's stream, the client resumes it (SEP-1699).
      expect((await client.callTool("test_reconnection")).content).toEqual([
        { type: "text", text: "Reconnection test completed successfully" },
      ]);
      await client.close();
      expect((await fetch(new URL("/health", url))).status).toBe(200);
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
  });

  it("exits 2 with a message on a bad flag", async () => {
    const child = spawn(process.execPath, [...entry, "--transport", "smoke-signals"], {
      cwd: appDir,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    const code = await new Promise((resolve) => child.once("exit", resolve));
    expect(code).toBe(2);
    expect(stderr).toContain("--transport must be stdio, http or sse");
  });

  it("refuses at start-up a Redis URL without a shared request-state key, before connecting", async () => {
    // Nothing listens on port 1: had it tried to connect, the error would be a different one.
    const child = spawn(process.execPath, [...entry, "--transport", "http", "--port", "0"], {
      cwd: appDir,
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, MCPKIT_REDIS_URL: "redis://127.0.0.1:1", MCPKIT_REQUEST_STATE_KEY: "" },
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    const code = await new Promise((resolve) => child.once("exit", resolve));
    expect(code).toBe(2);
    expect(stderr).toContain(
      "everything: --redis-url needs MCPKIT_REQUEST_STATE_KEY, the same secret on every replica",
    );
  });
});

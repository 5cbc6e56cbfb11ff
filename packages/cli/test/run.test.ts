import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { Client, type StdioClientTransport } from "@mcpkit/core";
import { describe, expect, it } from "vitest";
import { fixture, mcpkit, mcpkitCommand, serveFileArgs } from "./run-mcpkit.js";

/** Polls until `condition` holds; the limit only turns a hang into a failure. */
async function waitFor(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const demo = fixture("demo-server.ts");

/** Starts `mcpkit run ... --transport http|sse --port 0` and resolves with the URL it prints. */
async function serveHttp(args: string[]): Promise<{ url: string } & AsyncDisposable> {
  const child = spawn(mcpkitCommand.command, [...mcpkitCommand.args, "run", ...args], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      const found = /(http:\/\/127\.0\.0\.1:\d+\/(?:mcp|sse))\b/.exec(stderr);
      if (found?.[1]) resolve(found[1]);
    });
    child.once("exit", (code) => reject(new Error(`mcpkit run exited ${code}: ${stderr}`)));
  });
  return {
    url,
    [Symbol.asyncDispose]: async () => {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

describe("mcpkit run", () => {
  it("serves a server file over stdio, TypeScript without a build", async () => {
    await using client = await Client.connect({
      ...mcpkitCommand,
      args: [...mcpkitCommand.args, "run", demo],
      stderr: "pipe",
    });
    expect(client.serverInfo.name).toBe("demo");
    expect(await client.callTool("add", { a: 2, b: 2 })).toEqual({ content: [{ type: "text", text: "4" }] });
  });

  it("keeps stdout to protocol lines while a served file writes to it at top level and in handlers", async () => {
    const child = spawn(mcpkitCommand.command, [...mcpkitCommand.args, "run", fixture("noisy-server.ts")]);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    const send = (message: unknown) => child.stdin.write(`${JSON.stringify(message)}\n`);
    const clientInfo = { name: "raw", version: "0" };
    send({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo },
    });
    send({ jsonrpc: "2.0", method: "notifications/initialized" });
    send({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "noisy" } });
    await waitFor(() => stdout.includes('"id":2') && stderr.includes("handler console.log"), "the answer");
    child.stdin.end();
    await exited;
    const lines = stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ jsonrpc: "2.0" });
    for (const text of [
      "top-level write without a newline",
      "top-level console.log",
      "handler write without a newline",
    ])
      expect(stderr).toContain(text);
  });

  it("runs a built app in its own process, with no second node behind it", async () => {
    await using client = await Client.connect({
      ...mcpkitCommand,
      args: [...mcpkitCommand.args, "run", "weather", "--", "--offline"],
      stderr: "pipe",
    });
    const called = await client.callTool("get_weather", { city: "Tokyo" });
    expect(JSON.stringify(called.content)).toContain("Current weather in Tokyo");
    const pid = (client.transport as StdioClientTransport).pid;
    // Linux lists a process's children here; the app answered, so it runs in the mcpkit process.
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim();
    expect(children).toBe("");
    expect((client.transport as StdioClientTransport).stderr).not.toContain("no current build");
  });

  it("serves a server file over Streamable HTTP, and list/call reach it by URL", async () => {
    await using served = await serveHttp([demo, "--transport", "http", "--port", "0"]);
    const listed = await mcpkit(["list", served.url, "--json"]);
    expect(JSON.parse(listed.stdout).server.name).toBe("demo");
    expect(await mcpkit(["call", served.url, "add", "a=40"])).toMatchObject({ code: 0, stdout: "42\n" });
  });

  it("passes --transport sse through to a server file and to an app (legacy HTTP+SSE at /sse)", async () => {
    await using file = await serveHttp([demo, "--transport", "sse", "--port", "0"]);
    expect(file.url).toMatch(/\/sse$/);
    await using fileClient = await Client.connect(file.url);
    expect(await fileClient.callTool("add", { a: 3, b: 4 })).toEqual({
      content: [{ type: "text", text: "7" }],
    });
    await using app = await serveHttp(["everything", "--transport", "sse", "--port", "0"]);
    expect(app.url).toMatch(/\/sse$/);
    await using appClient = await Client.connect(app.url);
    expect(appClient.serverInfo.name).toBe("mcpkit-everything");
    expect((await appClient.listTools()).length).toBeGreaterThan(0);
  });

  it("bridges a stdio command to HTTP through the proxy, with progress and logs forwarded", async () => {
    const serveFile = [...serveFileArgs, demo];
    await using served = await serveHttp([
      "--transport",
      "http",
      "--port",
      "0",
      "--log-level",
      "silent",
      "--",
      process.execPath,
      ...serveFile,
    ]);
    const logs: string[] = [];
    const progress: number[] = [];
    await using client = await Client.connect(served.url, {
      onLog: (message) => logs.push(String(message.data)),
    });
    const result = await client.callTool(
      "add",
      { a: 1, b: 1 },
      { onProgress: (update) => progress.push(update.progress) },
    );
    expect(result.content).toEqual([{ type: "text", text: "2" }]);
    expect(logs).toEqual(["adding 1 and 1"]);
    expect(progress).toEqual([1, 2]);
  });

  it("rejects bad serving flags with exit code 2", async () => {
    const transport = await mcpkit(["run", demo, "--transport", "carrier-pigeon"]);
    expect(transport.code).toBe(2);
    expect(transport.stderr).toContain("--transport must be one of stdio, http, sse");
    const port = await mcpkit(["run", demo, "--transport", "http", "--port", "99999"]);
    expect(port.code).toBe(2);
    const stdioPort = await mcpkit(["run", demo, "--port", "8000"]);
    expect(stdioPort.stderr).toContain("--host and --port need --transport http or sse");
    const level = await mcpkit(["run", demo, "--log-level", "loud"]);
    expect(level.code).toBe(2);
  });
});

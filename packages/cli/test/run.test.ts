import { spawn } from "node:child_process";
import { Client } from "@mcpkit/core";
import { describe, expect, it } from "vitest";
import { fixture, mcpkit, mcpkitCommand } from "./run-mcpkit.js";

const demo = fixture("demo-server.ts");

/** Starts `mcpkit run ... --transport http --port 0` and resolves with the URL it prints. */
async function serveHttp(args: string[]): Promise<{ url: string } & AsyncDisposable> {
  const child = spawn(mcpkitCommand.command, [...mcpkitCommand.args, "run", ...args], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      const found = /(?:listening on|serving http at|at) (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(stderr);
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

  it("serves a server file over Streamable HTTP, and list/call reach it by URL", async () => {
    await using served = await serveHttp([demo, "--transport", "http", "--port", "0"]);
    const listed = await mcpkit(["list", served.url, "--json"]);
    expect(JSON.parse(listed.stdout).server.name).toBe("demo");
    expect(await mcpkit(["call", served.url, "add", "a=40"])).toMatchObject({ code: 0, stdout: "42\n" });
  });

  it("bridges a stdio command to HTTP through the proxy, with progress and logs forwarded", async () => {
    const serveFile = [
      ...mcpkitCommand.args.slice(0, 3),
      mcpkitCommand.args[3]!.replace(/main\.ts$/, "serve-file.ts"),
      demo,
    ];
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

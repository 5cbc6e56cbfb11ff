import type { IncomingMessage, ServerResponse } from "node:http";
import { fileURLToPath } from "node:url";
import { describe, expect, it, vi } from "vitest";
import type { ClientOptions } from "../src/index.js";
import { Client, McpError, type StdioClientTransport } from "../src/index.js";
import { listen } from "./http-fixture.js";
import { serveSdkHttp } from "./sdk-v2/server.js";
import { deferred, waitFor } from "./wait-for.js";

/** These tests are about the 2026 era: they ask for "auto" (2026 first), which is not the default yet. */
const connectAuto = (target: Parameters<typeof Client.connect>[0], options: ClientOptions = {}) =>
  Client.connect(target, { protocol: "auto", ...options });

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const text = (result: { content: unknown[] }) => (result.content[0] as { text: string }).text;

describe("Client on 2026: headers, subscriptions, log level, cancellation", () => {
  it("mirrors x-mcp-header params into Mcp-Param headers, and leaves out tools that misuse them", async () => {
    await using server = await serveSdkHttp();
    await using client = await connectAuto(server.url);
    // Called before any tools/list: the server's -32020 makes the client list the tools and retry.
    expect(text(await client.callTool("regional", { region: "us-west1", query: "q" }))).toBe("q in us-west1");
    const warnings: string[] = [];
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
      warnings.push(String(chunk));
      return true;
    });
    let names: string[];
    try {
      names = (await client.listTools()).map((tool) => tool.name);
    } finally {
      stderr.mockRestore();
    }
    expect(names).toContain("regional");
    expect(names).not.toContain("bad_header");
    expect(warnings.join("")).toContain('leaving out tool "bad_header"');
    // Not plain ASCII: sent base64-encoded, which the SDK decodes and matches against the body.
    expect(text(await client.callTool("regional", { region: "Zürich", query: "q" }))).toBe("q in Zürich");
  });

  it("keeps subscribe/unsubscribe working through a resource listen", async () => {
    await using server = await serveSdkHttp();
    await using client = await connectAuto(server.url);
    const updated = deferred<Record<string, unknown>>();
    client.on("notifications/resources/updated", (params) => updated.resolve(params));
    await client.subscribe("docs://readme");
    await client.callTool("touch_readme");
    expect(await updated.promise).toMatchObject({ uri: "docs://readme" });
    await client.unsubscribe("docs://readme");
  });

  it("fails subscribe when the server's listen does not acknowledge the URI", async () => {
    await using server = await serveSdkHttp({ subscribe: false });
    await using client = await connectAuto(server.url);
    await expect(client.subscribe("docs://readme")).rejects.toMatchObject({
      code: -32601,
      message: "The server offers no updates of docs://readme",
    });
  });

  it("streams progress and logs (at info for a client with onLog) before the result", async () => {
    await using server = await serveSdkHttp();
    const seen: string[] = [];
    await using client = await connectAuto(server.url, {
      onLog: (message) => seen.push(`log ${message.level} ${String(message.data)}`),
    });
    const result = await client.callTool(
      "progress_and_log",
      {},
      {
        onProgress: (progress) => seen.push(`progress ${progress.progress}/${progress.total}`),
      },
    );
    seen.push(text(result));
    expect(seen).toEqual(["progress 1/2", "progress 2/2", "log info working", "done"]);
  });

  it("puts the log level in the envelope once set", async () => {
    await using server = await serveSdkHttp();
    await using client = await connectAuto(server.url);
    await client.setLogLevel("warning");
    expect(JSON.parse(text(await client.callTool("whoami")))).toMatchObject({
      "io.modelcontextprotocol/logLevel": "warning",
    });
  });

  it("cancels over stdio with notifications/cancelled", async () => {
    await using client = await connectAuto({
      command: process.execPath,
      args: ["--import", "tsx", "test/sdk-v2/stdio-main.ts"],
      cwd: packageDir,
      stderr: "pipe",
    });
    expect(client.protocolVersion).toBe("2026-07-28");
    const stderr = () => (client.transport as StdioClientTransport).stderr;
    const controller = new AbortController();
    const call = client.callTool("hang", {}, { signal: controller.signal });
    await waitFor(() => stderr().includes("hang started"), "the tool to start");
    controller.abort();
    await expect(call).rejects.toMatchObject({ name: "AbortError" });
    await waitFor(() => stderr().includes("hang aborted"), "the server to stop the tool");
  });
});

/** A 2026 server that answers discover, then whatever `answer` says: it misbehaves on purpose. */
async function rawServer(answer: (id: number, response: ServerResponse) => void) {
  return listen((request: IncomingMessage, response: ServerResponse) => {
    let body = "";
    request.on("data", (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on("end", () => {
      const { id, method } = JSON.parse(body) as { id: number; method: string };
      if (method !== "server/discover") return answer(id, response);
      response.setHeader("content-type", "application/json");
      const result = { resultType: "complete", supportedVersions: ["2026-07-28"], capabilities: {} };
      response.end(JSON.stringify({ jsonrpc: "2.0", id, result }));
    });
  });
}

describe("Client on 2026: a server that answers badly", () => {
  it("reports an HTTP error without a JSON-RPC body, and stays usable", async () => {
    await using app = await rawServer((_id, response) => response.writeHead(502).end("bad gateway"));
    await using client = await connectAuto(`${app.origin}/mcp`);
    const error = await client.callTool("x").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(McpError);
    expect((error as McpError).message).toBe("HTTP 502 Bad Gateway: bad gateway");
    expect((error as McpError).data).toEqual({ status: 502 });
    await client.ping();
  });

  it("reports a stream that ends without an answer", async () => {
    await using app = await rawServer((_id, response) => {
      response.writeHead(200, { "content-type": "text/event-stream" });
      response.end(
        ': keep-alive\n\ndata: {"jsonrpc":"2.0","method":"notifications/message","params":{}}\n\n',
      );
    });
    await using client = await connectAuto(`${app.origin}/mcp`);
    const error = await client.callTool("x").catch((caught: unknown) => caught);
    expect((error as McpError).message).toBe("The server closed the response without an answer");
  });

  it("gives up on a listen the server never acknowledges, and closes its stream", async () => {
    const closed = deferred();
    await using app = await rawServer((_id, response) => {
      response.writeHead(200, { "content-type": "text/event-stream" });
      response.write(": open\n\n");
      response.on("close", () => closed.resolve());
    });
    await using client = await connectAuto(`${app.origin}/mcp`, { timeoutMs: 3_000 });
    await expect(client.listen({ toolsListChanged: true })).rejects.toMatchObject({
      code: -32001,
      message: "No acknowledgement of the subscription within 3000 ms",
    });
    await closed.promise;
  });

  it("answers a request the server failed to read (id null) to the request that sent it", async () => {
    await using app = await rawServer((_id, response) => {
      response.writeHead(400, { "content-type": "application/json" });
      response.end(JSON.stringify({ jsonrpc: "2.0", id: null, error: { code: -32600, message: "nope" } }));
    });
    await using client = await connectAuto(`${app.origin}/mcp`);
    await expect(client.callTool("x")).rejects.toMatchObject({ code: -32600, message: "nope" });
  });
});

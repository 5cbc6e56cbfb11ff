import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { ClientOptions } from "../src/index.js";
import { Client, type ElicitRequest, FastMCP, InMemoryTransport, McpError } from "../src/index.js";
import { listen, serve } from "./http-fixture.js";
import { serveSdkHttp } from "./sdk-v2/server.js";
import { deferred } from "./wait-for.js";

/** These tests are about the 2026 era: they ask for "auto" (2026 first), which is not the default yet. */
const connectAuto = (target: Parameters<typeof Client.connect>[0], options: ClientOptions = {}) =>
  Client.connect(target, { protocol: "auto", ...options });

const packageDir = fileURLToPath(new URL("..", import.meta.url));

/** The SDK v2 fixture over stdio, through its own `serveStdio`. */
const sdkStdio = {
  command: process.execPath,
  args: ["--import", "tsx", "test/sdk-v2/stdio-main.ts"],
  cwd: packageDir,
  stderr: "pipe" as const,
};

function mcpkitServer() {
  const mcp = new FastMCP({
    name: "mcpkit-2025",
    version: "1.0.0",
    instructions: "Old school.",
    logLevel: "silent",
  });
  mcp.tool({ name: "echo", input: { text: z.string() } }, ({ text }) => text);
  return mcp;
}

const text = (result: { content: unknown[] }) => (result.content[0] as { text: string }).text;

describe("Client against the SDK v2 server over HTTP", () => {
  it("picks 2026-07-28 by default and sends the envelope on every request", async () => {
    await using server = await serveSdkHttp();
    await using client = await connectAuto(server.url, { name: "era-test", version: "9.9.9" });
    expect(client.protocolVersion).toBe("2026-07-28");
    expect(client.serverInfo).toEqual({ name: "sdk-v2-fixture", version: "2.4.0" });
    expect(client.instructions).toBe("An SDK v2 server.");
    expect(client.discovery?.supportedVersions).toContain("2026-07-28");
    expect(client.serverCapabilities.tools).toEqual({ listChanged: true });
    expect(client.transport.sessionId).toBeUndefined();
    expect(text(await client.callTool("echo", { text: "héllo wörld" }))).toBe("héllo wörld");
    expect(JSON.parse(text(await client.callTool("whoami")))).toEqual({
      "io.modelcontextprotocol/protocolVersion": "2026-07-28",
      "io.modelcontextprotocol/clientCapabilities": {},
      "io.modelcontextprotocol/clientInfo": { name: "era-test", version: "9.9.9" },
    });
    expect((await client.listTools()).map((tool) => tool.name)).toContain("ask_name");
    expect((await client.readResource("docs://readme")).contents).toEqual([
      { uri: "docs://readme", mimeType: "text/markdown", text: "# SDK v2" },
    ]);
    const prompt = await client.getPrompt("greet", { name: "Ada" });
    expect(prompt.messages[0]?.content).toEqual({ type: "text", text: "Hello Ada" });
    await client.ping();
  });

  it("speaks 2025-11-25 when pinned to it", async () => {
    await using server = await serveSdkHttp();
    await using client = await connectAuto(server.url, { protocol: "2025-11-25" });
    expect(client.protocolVersion).toBe("2025-11-25");
    expect(client.discovery).toBeUndefined();
    expect(client.serverInfo.name).toBe("sdk-v2-fixture");
    expect(text(await client.callTool("echo", { text: "old" }))).toBe("old");
  });

  it("answers an elicitation through input_required and retries with the request state", async () => {
    await using server = await serveSdkHttp();
    const asked: ElicitRequest[] = [];
    await using client = await connectAuto(server.url, {
      onElicitation: (request) => {
        asked.push(request);
        return { action: "accept", content: { name: "Ada" } };
      },
    });
    expect(text(await client.callTool("ask_name"))).toBe("hello Ada (state asked-name)");
    expect(asked).toEqual([expect.objectContaining({ message: "Your name?", mode: "form" })]);
  });

  it("answers two rounds of sampling and elicitation, batched in one inputRequests", async () => {
    await using server = await serveSdkHttp();
    const log: string[] = [];
    await using client = await connectAuto(server.url, {
      onSampling: (request) => {
        log.push(`sample: ${JSON.stringify(request.messages.map((message) => message.content))}`);
        return { role: "assistant", content: { type: "text", text: "Paris" }, model: "test" };
      },
      onElicitation: (request) => {
        log.push(`elicit: ${request.message}`);
        return { action: "accept", content: { ok: true } };
      },
    });
    expect(text(await client.callTool("ask_model"))).toBe("model said Paris, ok=true");
    const asked = 'sample: [{"type":"text","text":"Capital of France?"}]';
    expect(log.sort()).toEqual(["elicit: Is Paris right?", asked, asked]);
  });

  it("answers roots/list from the client's roots", async () => {
    await using server = await serveSdkHttp();
    await using client = await connectAuto(server.url, { roots: [{ uri: "file:///work", name: "work" }] });
    expect(text(await client.callTool("my_roots"))).toBe("file:///work");
  });

  it("gives up with a clear error on a server that keeps asking", async () => {
    await using server = await serveSdkHttp();
    await using client = await connectAuto(server.url, { roots: [], maxInputRounds: 3 });
    const error = await client.callTool("always_ask").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(McpError);
    expect((error as McpError).message).toContain("still asked for input after 3 rounds of tools/call");
  });

  it("passes on the SDK's -32021 when the client declared no elicitation", async () => {
    await using server = await serveSdkHttp();
    await using client = await connectAuto(server.url);
    const error = await client.callTool("ask_name").catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: -32021 });
  });

  it("receives list changes on subscriptions/listen, and closes the stream", async () => {
    await using server = await serveSdkHttp();
    await using client = await connectAuto(server.url);
    const changed = deferred<Record<string, unknown>>();
    client.on("notifications/tools/list_changed", (params) => changed.resolve(params));
    const subscription = await client.listen({ toolsListChanged: true });
    expect(subscription.acknowledged).toEqual({ toolsListChanged: true });
    await client.callTool("add_tool");
    const params = await changed.promise;
    expect(params._meta).toEqual({ "io.modelcontextprotocol/subscriptionId": subscription.id });
    expect((await client.listTools()).map((tool) => tool.name)).toContain("extra_1");
    expect(await subscription.close()).toBe("closed");
  });

  it("cancels a call by closing its response stream", async () => {
    await using server = await serveSdkHttp();
    const started = deferred();
    const aborted = deferred();
    server.state.started = () => started.resolve();
    server.state.aborted = () => aborted.resolve();
    await using client = await connectAuto(server.url);
    const controller = new AbortController();
    const call = client.callTool("hang", {}, { signal: controller.signal });
    await started.promise;
    controller.abort();
    await expect(call).rejects.toMatchObject({ name: "AbortError" });
    await aborted.promise;
    expect(text(await client.callTool("echo", { text: "still here" }))).toBe("still here");
  });
});

describe("Client against the SDK v2 server over stdio", () => {
  it("picks 2026-07-28, answers input_required, and hears list changes", async () => {
    await using client = await connectAuto(sdkStdio, {
      onElicitation: () => ({ action: "accept", content: { name: "Grace" } }),
    });
    expect(client.protocolVersion).toBe("2026-07-28");
    expect(client.serverInfo.name).toBe("sdk-v2-fixture");
    expect(text(await client.callTool("echo", { text: "over stdio" }))).toBe("over stdio");
    expect(text(await client.callTool("ask_name"))).toBe("hello Grace (state asked-name)");
    const changed = deferred();
    client.on("notifications/tools/list_changed", () => changed.resolve());
    await using _subscription = await client.listen({ toolsListChanged: true });
    await client.callTool("add_tool");
    await changed.promise;
  });

  it("speaks 2025-11-25 when pinned to it", async () => {
    await using client = await connectAuto(sdkStdio, { protocol: "2025-11-25" });
    expect(client.protocolVersion).toBe("2025-11-25");
    expect(text(await client.callTool("echo", { text: "old stdio" }))).toBe("old stdio");
  });
});

describe("Client on the 2026 wire", () => {
  it("mirrors the body into headers, and fails clearly on input it has no handler for", async () => {
    const seen: Array<Record<string, string | undefined>> = [];
    // A server that misbehaves on purpose: it asks for sampling the client never declared.
    await using app = await listen((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => {
        body += chunk.toString();
      });
      request.on("end", () => {
        const message = JSON.parse(body) as { id: number; method: string };
        const header = (name: string) => request.headers[name] as string | undefined;
        seen.push({
          version: header("mcp-protocol-version"),
          method: header("mcp-method"),
          name: header("mcp-name"),
          session: header("mcp-session-id"),
        });
        const result =
          message.method === "server/discover"
            ? { resultType: "complete", supportedVersions: ["2026-07-28"], capabilities: { tools: {} } }
            : {
                resultType: "input_required",
                inputRequests: {
                  q: { method: "sampling/createMessage", params: { messages: [], maxTokens: 5 } },
                },
              };
        response.setHeader("content-type", "application/json");
        response.end(JSON.stringify({ jsonrpc: "2.0", id: message.id, result }));
      });
    });
    await using client = await connectAuto(`${app.origin}/mcp`);
    const error = await client.callTool("grüß_dich").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(McpError);
    expect((error as McpError).message).toBe(
      'The server asked for sampling/createMessage (input "q"), but this client has no onSampling to answer it',
    );
    expect(seen).toEqual([
      { version: "2026-07-28", method: "server/discover", name: undefined, session: undefined },
      {
        version: "2026-07-28",
        method: "tools/call",
        name: `=?base64?${Buffer.from("grüß_dich").toString("base64")}?=`,
        session: undefined,
      },
    ]);
  });
});

/**
 * A server that knows only 2025-11-25, on the far end of an in-memory pair: it answers
 * `server/discover` as an unknown method, as a 2025 server does, and serves `initialize` and an
 * echo tool.
 */
async function legacyOnlyServer(): Promise<InMemoryTransport> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  serverSide.onmessage = (message) => {
    const request = message as { id?: number | string; method?: string; params?: Record<string, unknown> };
    if (request.id === undefined) return;
    const reply = (body: Record<string, unknown>) =>
      void serverSide.send({ jsonrpc: "2.0", id: request.id, ...body } as never);
    if (request.method === "initialize") {
      return reply({
        result: {
          protocolVersion: "2025-11-25",
          capabilities: { tools: {} },
          serverInfo: { name: "old", version: "1.0.0" },
          instructions: "Old school.",
        },
      });
    }
    if (request.method === "tools/call") {
      const args = request.params?.arguments as { text?: string } | undefined;
      return reply({ result: { content: [{ type: "text", text: args?.text ?? "" }] } });
    }
    reply({ error: { code: -32601, message: `Method not found: ${request.method}` } });
  };
  await serverSide.start();
  return clientSide;
}

describe("Client against mcpkit and 2025-only servers", () => {
  it("speaks 2026-07-28 to an mcpkit server under auto, and 2025-11-25 when pinned", async () => {
    await using served = await serve(mcpkitServer());
    await using modern = await connectAuto(served.url);
    expect(modern.protocolVersion).toBe("2026-07-28");
    expect(text(await modern.callTool("echo", { text: "new" }))).toBe("new");
    await using legacy = await connectAuto(served.url, { protocol: "2025-11-25" });
    expect(legacy.protocolVersion).toBe("2025-11-25");
    expect(legacy.transport.sessionId).toEqual(expect.any(String));
    expect(text(await legacy.callTool("echo", { text: "old" }))).toBe("old");
  });

  it("falls back to initialize on the same channel when the server knows only 2025", async () => {
    await using client = await connectAuto(await legacyOnlyServer());
    expect(client.protocolVersion).toBe("2025-11-25");
    expect(client.discovery).toBeUndefined();
    expect(client.instructions).toBe("Old school.");
    expect(text(await client.callTool("echo", { text: "fallback" }))).toBe("fallback");
  });

  it("fails clearly when pinned to 2026-07-28 against a 2025-only server", async () => {
    const error = await connectAuto(await legacyOnlyServer(), { protocol: "2026-07-28" }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(McpError);
    expect((error as McpError).message).toContain("does not speak protocol 2026-07-28");
  });
});

import { describe, expect, it } from "vitest";
import type { ClientOptions } from "../src/index.js";
import { Client, createProxy } from "../src/index.js";
import { serveSdkHttp } from "./sdk-v2/server.js";
import { deferred } from "./wait-for.js";

/** These tests are about the 2026 era: they ask for "auto" (2026 first), which is not the default yet. */
const connectAuto = (target: Parameters<typeof Client.connect>[0], options: ClientOptions = {}) =>
  Client.connect(target, { protocol: "auto", ...options });

/** A proxy is a `FastMCP`, which has `close` but is not disposable. */
const closing = (proxy: { close(): Promise<void> }) => ({ [Symbol.asyncDispose]: () => proxy.close() });

const text = (result: { content: unknown[] }) => (result.content[0] as { text: string }).text;

describe("createProxy in front of a 2026 server (the SDK v2 server over HTTP)", () => {
  it("mirrors it, forwards elicitation rounds to the calling client, and follows its list changes", async () => {
    await using backend = await serveSdkHttp();
    const proxy = await createProxy(backend.url, { logLevel: "silent", client: { protocol: "auto" } });
    await using _closesProxy = closing(proxy);
    const asked: string[] = [];
    await using client = await Client.connect(proxy, {
      onElicitation: (request) => {
        asked.push(request.message);
        return { action: "accept", content: { name: "Lin" } };
      },
    });
    // The calling client speaks 2025 (the default) to the proxy; the proxy's backend speaks 2026.
    expect(client.protocolVersion).toBe("2025-11-25");
    expect(client.serverInfo).toEqual({ name: "sdk-v2-fixture", version: "2.4.0" });
    expect(client.instructions).toBe("An SDK v2 server.");
    expect((await client.listTools()).map((tool) => tool.name)).toContain("ask_name");
    expect(text(await client.callTool("echo", { text: "through" }))).toBe("through");
    // The calling client declared elicitation, so its calls take a connection declaring just that.
    expect(JSON.parse(text(await client.callTool("whoami")))).toMatchObject({
      "io.modelcontextprotocol/protocolVersion": "2026-07-28",
      "io.modelcontextprotocol/clientCapabilities": { elicitation: { form: {} } },
      "io.modelcontextprotocol/clientInfo": { name: "mcpkit-proxy" },
    });
    expect(text(await client.callTool("ask_name"))).toBe("hello Lin (state asked-name)");
    expect(asked).toEqual(["Your name?"]);
    expect((await client.readResource("docs://readme")).contents[0]).toMatchObject({ text: "# SDK v2" });

    const changed = deferred();
    client.on("notifications/tools/list_changed", () => changed.resolve());
    await client.callTool("add_tool");
    await changed.promise;
    expect((await client.listTools()).map((tool) => tool.name)).toContain("extra_1");
  });

  it("can be pinned to the backend's 2025 face", async () => {
    await using backend = await serveSdkHttp();
    const proxy = await createProxy(backend.url, { logLevel: "silent", client: { protocol: "2025-11-25" } });
    await using _closesProxy = closing(proxy);
    await using client = await connectAuto(proxy);
    expect(text(await client.callTool("echo", { text: "old face" }))).toBe("old face");
    // A 2025 request carries no envelope.
    expect(text(await client.callTool("whoami"))).toBe("null");
  });
});

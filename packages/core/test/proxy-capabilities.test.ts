import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Client, createProxy, FastMCP, InMemoryTransport } from "../src/index.js";
import { waitFor } from "./wait-for.js";

/** Like file-manager: the client's roots when it has them, else its own configured root. */
function createBackend() {
  const backend = new FastMCP({ name: "backend", version: "1.0.0", logLevel: "silent" });
  backend.tool({ name: "where" }, async (_args, ctx) => {
    if (!ctx.client.capabilities.roots) return "configured root";
    return (await ctx.listRoots()).map((root) => root.uri).join(",");
  });
  backend.tool({ name: "capabilities" }, (_args, ctx) =>
    Object.keys(ctx.client.capabilities).sort().join(","),
  );
  backend.tool({ name: "roots_anyway" }, async (_args, ctx) => (await ctx.listRoots()).length);
  backend.tool({ name: "confirm", input: { question: z.string() } }, async ({ question }, ctx) => {
    const answer = await ctx.elicit(question, z.object({ ok: z.boolean() }));
    return answer.action;
  });
  return backend;
}

const text = (result: { content: unknown[] }) => (result.content[0] as { text: string }).text;

describe("a proxy tells the proxied server only what its own client can do", () => {
  it("declares no roots for a client without them, so the server does not ask", async () => {
    await using proxy = disposable(await createProxy(createBackend(), { logLevel: "silent" }));
    await using client = await Client.connect(proxy.server);
    expect(text(await client.callTool("where"))).toBe("configured root");
    expect(text(await client.callTool("capabilities"))).toBe("");
    // A server that asks anyway gets the error a direct client would give it, not a proxy's failure.
    expect(await client.callTool("roots_anyway")).toMatchObject({
      isError: true,
      content: [{ text: expect.stringContaining("does not support roots") }],
    });
  });

  it("declares roots for a client with them, and passes their changes on", async () => {
    await using proxy = disposable(await createProxy(createBackend(), { logLevel: "silent" }));
    await using client = await Client.connect(proxy.server, { roots: [{ uri: "file:///a" }] });
    expect(text(await client.callTool("capabilities"))).toBe("roots");
    expect(text(await client.callTool("where"))).toBe("file:///a");
    await client.setRoots([{ uri: "file:///b" }]);
    // The proxied server caches roots until told they changed: the notification went through.
    expect(text(await client.callTool("where"))).toBe("file:///b");
    expect(await client.callTool("confirm", { question: "?" })).toMatchObject({
      isError: true,
      content: [{ text: expect.stringContaining("does not support elicitation") }],
    });
  });

  it("keeps each client's capabilities and roots apart on one proxy", async () => {
    await using proxy = disposable(await createProxy(createBackend(), { logLevel: "silent" }));
    await using plain = await Client.connect(proxy.server);
    await using first = await Client.connect(proxy.server, { roots: [{ uri: "file:///first" }] });
    await using second = await Client.connect(proxy.server, {
      roots: [{ uri: "file:///second" }],
      onElicitation: () => ({ action: "accept", content: { ok: true } }),
    });
    const answers = await Promise.all([
      plain.callTool("where"),
      first.callTool("where"),
      second.callTool("where"),
      second.callTool("capabilities"),
      second.callTool("confirm", { question: "?" }),
      plain.callTool("capabilities"),
    ]);
    expect(answers.map(text)).toEqual([
      "configured root",
      "file:///first",
      "file:///second",
      "elicitation,roots",
      "accept",
      "",
    ]);
  });

  it("closes a client's own connection once that client has gone", async () => {
    const backend = createBackend();
    await using proxy = disposable(await createProxy(backend, { logLevel: "silent" }));
    const first = await Client.connect(proxy.server, { roots: [{ uri: "file:///first" }] });
    await first.callTool("where");
    expect(backend.sessionCount).toBe(2); // the shared connection and the first client's
    await first.close();
    await using second = await Client.connect(proxy.server, { roots: [{ uri: "file:///second" }] });
    expect(text(await second.callTool("where"))).toBe("file:///second");
    await waitFor(() => backend.sessionCount === 2, "the first client's connection to close");
  });

  it("shares one connection that declares nothing when the proxied server is a transport", async () => {
    const backend = createBackend();
    const [proxySide, backendSide] = InMemoryTransport.createLinkedPair();
    await backend.connect(backendSide);
    await using proxy = disposable(await createProxy(proxySide, { logLevel: "silent" }));
    await using client = await Client.connect(proxy.server, { roots: [{ uri: "file:///a" }] });
    expect(text(await client.callTool("where"))).toBe("configured root");
    expect(backend.sessionCount).toBe(1);
  });
});

function disposable(server: FastMCP) {
  return { server, [Symbol.asyncDispose]: () => server.close() };
}

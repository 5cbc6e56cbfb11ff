import { describe, expect, it } from "vitest";
import { authorizationCode, Client, memoryCredentialStore } from "../src/index.js";
import { startAuthorizationServer } from "./authorization-server.js";
import { modern, postModern } from "./modern-fixture.js";
import { protectedNotesServer } from "./protected-server.js";

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const text = (result: { content: unknown[] }) => (result.content[0] as { text: string }).text;
const whoamiCall = (id: number) => modern(id, "tools/call", { name: "whoami", arguments: {} });

/** An authorization server and the protected notes server on `transport`, trusting each other. */
async function start(transport: "http" | "sse") {
  const as = await startAuthorizationServer({});
  const server = await protectedNotesServer(as.issuer, { transport });
  Object.assign(as.resources, { [server.url]: { scope: "notes:read notes:write", format: "jwt" } });
  return { as, server };
}

/** A user's access token for `resource`: alice signs in through the authorization-code grant. */
async function userToken(as: Awaited<ReturnType<typeof startAuthorizationServer>>, resource: string) {
  const store = memoryCredentialStore();
  const source = authorizationCode({
    store,
    openBrowser: async (url) => void (await fetch(await as.signIn(url, "alice"))).text(),
  });
  return source.token(new URL(resource));
}

describe("ctx.auth on the 2026-07-28 era (stateless, the _meta envelope)", () => {
  it("gives each request its own caller: a user's token and a service's token on the same server", async () => {
    const { as, server } = await start("http");
    await using _as = as;
    await using _server = server;
    const alice = await userToken(as, server.url);
    const service = await as.token(server.url, "notes:read notes:write");

    const asAlice = await postModern(server.url, whoamiCall(1), bearer(alice));
    expect(asAlice.status).toBe(200);
    const aliceAnswer = (await asAlice.json()) as { result: { content: { text: string }[] } };
    expect(JSON.parse(aliceAnswer.result.content[0]?.text ?? "")).toEqual({
      principal: "alice",
      clientId: expect.any(String),
      scopes: ["notes:read"],
      issuer: as.issuer,
      audience: server.url,
    });

    const asService = await postModern(server.url, whoamiCall(2), bearer(service));
    const serviceAnswer = (await asService.json()) as { result: { content: { text: string }[] } };
    expect(JSON.parse(serviceAnswer.result.content[0]?.text ?? "")).toEqual({
      principal: "mcp-client",
      clientId: "mcp-client",
      scopes: ["notes:read", "notes:write"],
      issuer: as.issuer,
      audience: server.url,
    });
  });

  it("refuses a request without a token (401) and one with too few scopes (403 with the step-up scope)", async () => {
    const { as, server } = await start("http");
    await using _as = as;
    await using _server = server;
    const missing = await postModern(server.url, whoamiCall(1));
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toContain(
      `resource_metadata="${server.origin}/.well-known/oauth-protected-resource/mcp"`,
    );

    const token = await as.token(server.url, "notes:read");
    const list = await postModern(server.url, modern(2, "tools/list"), bearer(token));
    const listed = (await list.json()) as { result: { tools: { name: string }[]; cacheScope: string } };
    expect(listed.result.tools.map((tool) => tool.name).sort()).toEqual(["read_notes", "whoami"]);
    // A list filtered by the caller's scopes must not be cached for other callers.
    expect(listed.result.cacheScope).toBe("private");

    const write = await postModern(
      server.url,
      modern(3, "tools/call", { name: "write_note", arguments: {} }),
      bearer(token),
    );
    expect(write.status).toBe(403);
    expect(write.headers.get("www-authenticate")).toContain('error="insufficient_scope"');
    expect(write.headers.get("www-authenticate")).toContain('scope="notes:write"');
  });

  it("works through Client on the 2026 era with the authorization-code grant, steps up included", async () => {
    const { as, server } = await start("http");
    await using _as = as;
    await using _server = server;
    const opened: URL[] = [];
    const auth = authorizationCode({
      openBrowser: async (url) => {
        opened.push(url);
        await (await fetch(await as.signIn(url, "alice"))).text();
      },
    });
    // "auto" must send the token with server/discover too, or a protected server looks like 2025.
    await using client = await Client.connect(server.url, { auth, protocol: "auto" });
    expect(client.protocolVersion).toBe("2026-07-28");
    expect(JSON.parse(text(await client.callTool("whoami")))).toMatchObject({
      principal: "alice",
      scopes: ["notes:read"],
      audience: server.url,
    });
    expect(text(await client.callTool("write_note"))).toBe("written");
    expect(opened.map((url) => url.searchParams.get("scope"))).toEqual([
      "notes:read",
      "notes:read notes:write",
    ]);
  });
});

describe("ctx.auth on legacy SSE", () => {
  it("gives handlers the user who opened the stream, and keeps another caller off that session", async () => {
    const { as, server } = await start("sse");
    await using _as = as;
    await using _server = server;
    const alice = await userToken(as, server.url);
    await using client = await Client.connect(server.url, { headers: bearer(alice) });
    expect(JSON.parse(text(await client.callTool("whoami")))).toEqual({
      principal: "alice",
      clientId: expect.any(String),
      scopes: ["notes:read"],
      issuer: as.issuer,
      audience: server.url,
    });

    // Another principal learns alice's session id from her stream; its POSTs must not land there.
    const stream = await fetch(server.url, { headers: { Accept: "text/event-stream", ...bearer(alice) } });
    const reader = (stream.body as ReadableStream<Uint8Array>)
      .pipeThrough(new TextDecoderStream())
      .getReader();
    let head = "";
    while (!head.includes("sessionId=")) head += (await reader.read()).value ?? "";
    const endpoint = /data: (\S+)/.exec(head)?.[1] as string;
    const service = await as.token(server.url, "notes:read");
    const hijack = await fetch(new URL(endpoint, server.url), {
      method: "POST",
      headers: { "Content-Type": "application/json", ...bearer(service) },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    });
    expect(hijack.status).toBe(404);
    await reader.cancel();
  });
});

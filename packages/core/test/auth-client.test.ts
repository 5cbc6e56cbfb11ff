import { describe, expect, it } from "vitest";
import { Client, clientCredentials, discoverAuthorization, staticToken } from "../src/index.js";
import { CLIENT, startAuthorizationServer } from "./authorization-server.js";
import { protectedNotesServer } from "./protected-server.js";

const text = (result: { content: unknown[] }) => (result.content[0] as { text: string }).text;

/** A fetch that counts the token requests it passes on. */
function countingTokenRequests() {
  const calls = { tokens: 0 };
  const fetchImpl: typeof fetch = (input, init) => {
    if (String(input).endsWith("/token")) calls.tokens++;
    return fetch(input, init);
  };
  return { calls, fetch: fetchImpl };
}

describe("a Client connecting to a protected server", () => {
  it("discovers the authorization server from the protected resource metadata", async () => {
    await using as = await startAuthorizationServer({});
    await using server = await protectedNotesServer(as.issuer);
    const found = await discoverAuthorization(new URL(server.url));
    expect(found).toMatchObject({
      resource: server.url,
      scopesSupported: ["notes:read"],
      authorizationServer: { issuer: as.issuer, token_endpoint: `${as.issuer}/token` },
    });
  });

  it("uses the client-credentials grant: discovery, resource-bound token, renewal before expiry", async () => {
    await using as = await startAuthorizationServer({});
    await using server = await protectedNotesServer(as.issuer);
    Object.assign(as.resources, { [server.url]: { scope: "notes:read notes:write", format: "jwt" } });
    let now = Date.now();
    const counting = countingTokenRequests();
    const auth = clientCredentials({
      clientId: CLIENT.id,
      clientSecret: CLIENT.secret,
      fetch: counting.fetch,
      now: () => now,
    });
    await using client = await Client.connect(server.url, { auth });
    const whoami = JSON.parse(text(await client.callTool("whoami")));
    // The scope asked for is the server's scopes_supported; the audience is its canonical URL.
    expect(whoami).toMatchObject({ clientId: CLIENT.id, scopes: ["notes:read"], audience: server.url });
    expect(text(await client.callTool("read_notes"))).toBe("the notes");
    expect(counting.calls.tokens).toBe(1);

    now += 3600_000;
    await client.callTool("whoami");
    expect(counting.calls.tokens).toBe(2);
  });

  it("asks for the scopes it is told, and a given token works too", async () => {
    await using as = await startAuthorizationServer({});
    await using server = await protectedNotesServer(as.issuer);
    Object.assign(as.resources, { [server.url]: { scope: "notes:read notes:write", format: "jwt" } });
    await using writer = await Client.connect(server.url, {
      auth: clientCredentials({
        clientId: CLIENT.id,
        clientSecret: CLIENT.secret,
        scope: "notes:read notes:write",
      }),
    });
    expect(text(await writer.callTool("write_note"))).toBe("written");

    const token = await as.token(server.url, "notes:read");
    await using reader = await Client.connect(server.url, { auth: staticToken(token) });
    expect((await reader.listTools()).map((tool) => tool.name)).not.toContain("write_note");
    await expect(Client.connect(server.url, { auth: staticToken("wrong") })).rejects.toThrow();
  });

  it("gets a token again after the server refuses one with 401 (legacy SSE)", async () => {
    await using as = await startAuthorizationServer({});
    await using server = await protectedNotesServer(as.issuer, { transport: "sse" });
    Object.assign(as.resources, { [server.url]: { scope: "notes:read", format: "jwt" } });
    const counting = countingTokenRequests();
    const auth = clientCredentials({
      clientId: CLIENT.id,
      clientSecret: CLIENT.secret,
      fetch: counting.fetch,
    });
    // The first token offered is one the server refuses (revoked, say): 401, then a fresh grant.
    let first = true;
    const wrapped = {
      token: async (resource: URL) => {
        if (first) {
          first = false;
          return "expired-or-revoked";
        }
        return auth.token(resource);
      },
      invalidate: () => auth.invalidate(),
    };
    await using client = await Client.connect(server.url, { auth: wrapped });
    expect(JSON.parse(text(await client.callTool("whoami"))).clientId).toBe(CLIENT.id);
    expect(counting.calls.tokens).toBe(1);
  });
});

import { describe, expect, it } from "vitest";
import { authorizationCode, Client, memoryCredentialStore } from "../src/index.js";
import { startAuthorizationServer } from "./authorization-server.js";
import { protectedNotesServer } from "./protected-server.js";

const text = (result: { content: unknown[] }) => (result.content[0] as { text: string }).text;

/** Delivers a (possibly altered) authorization response to the client's loopback redirect. */
async function deliver(redirect: URL): Promise<void> {
  await (await fetch(redirect)).text();
}

describe("the authorization-code grant with PKCE, against oidc-provider", () => {
  it("registers, signs the user in, checks iss, and refreshes the token when it expires", async () => {
    await using as = await startAuthorizationServer({});
    await using server = await protectedNotesServer(as.issuer);
    Object.assign(as.resources, { [server.url]: { scope: "notes:read notes:write", format: "jwt" } });
    const store = memoryCredentialStore();
    let now = Date.now();
    const opened: URL[] = [];
    const auth = authorizationCode({
      store,
      now: () => now,
      openBrowser: async (url) => {
        opened.push(url);
        await deliver(await as.signIn(url, "alice"));
      },
    });
    await using client = await Client.connect(server.url, { auth });
    const whoami = JSON.parse(text(await client.callTool("whoami")));
    expect(whoami).toMatchObject({ principal: "alice", scopes: ["notes:read"], audience: server.url });
    const [authorize] = opened;
    expect(authorize?.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorize?.searchParams.get("resource")).toBe(server.url);

    const stored = await store.get(as.issuer);
    expect(stored).toMatchObject({ resource: server.url, refreshToken: expect.any(String) });
    const first = stored?.accessToken;

    now += 2 * 3600_000;
    await client.callTool("whoami");
    expect(opened).toHaveLength(1);
    expect((await store.get(as.issuer))?.accessToken).not.toBe(first);
  });

  it("steps up on a 403 insufficient_scope: asks the user again for the union of scopes and retries", async () => {
    await using as = await startAuthorizationServer({});
    await using server = await protectedNotesServer(as.issuer);
    Object.assign(as.resources, { [server.url]: { scope: "notes:read notes:write", format: "jwt" } });
    const opened: URL[] = [];
    const auth = authorizationCode({
      openBrowser: async (url) => {
        opened.push(url);
        await deliver(await as.signIn(url));
      },
    });
    await using client = await Client.connect(server.url, { auth });
    expect(opened[0]?.searchParams.get("scope")).toBe("notes:read");
    expect(text(await client.callTool("write_note"))).toBe("written");
    expect(opened).toHaveLength(2);
    expect(opened[1]?.searchParams.get("scope")).toBe("notes:read notes:write");
    expect(JSON.parse(text(await client.callTool("whoami"))).scopes).toEqual(["notes:read", "notes:write"]);
  });

  it("refuses a response whose iss names another issuer, before redeeming the code", async () => {
    await using as = await startAuthorizationServer({});
    await using server = await protectedNotesServer(as.issuer);
    Object.assign(as.resources, { [server.url]: { scope: "notes:read", format: "jwt" } });
    const redeemed: string[] = [];
    const auth = authorizationCode({
      fetch: (input, init) => {
        if (String(input).endsWith("/token")) redeemed.push(String(input));
        return fetch(input, init);
      },
      openBrowser: async (url) => {
        const redirect = await as.signIn(url);
        redirect.searchParams.set("iss", "https://attacker.example");
        await deliver(redirect);
      },
    });
    await expect(Client.connect(server.url, { auth })).rejects.toThrow(/another issuer/);
    expect(redeemed).toEqual([]);
  });

  it("refuses a response with a state it did not send", async () => {
    await using as = await startAuthorizationServer({});
    await using server = await protectedNotesServer(as.issuer);
    Object.assign(as.resources, { [server.url]: { scope: "notes:read", format: "jwt" } });
    const auth = authorizationCode({
      openBrowser: async (url) => {
        const redirect = await as.signIn(url);
        redirect.searchParams.set("state", "forged");
        await deliver(redirect);
      },
    });
    await expect(Client.connect(server.url, { auth })).rejects.toThrow(/state does not match/);
  });
});

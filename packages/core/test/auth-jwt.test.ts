import { generateKeyPair, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { Client, type JwtVerifierOptions, jwtVerifier, type TokenVerifier } from "../src/index.js";
import { startAuthorizationServer } from "./authorization-server.js";
import { callTool, INITIALIZE, initializeSession, post, readMessages, serve } from "./http-fixture.js";
import { notesServer, protectedNotesServer } from "./protected-server.js";

const LOG_LINES: string[] = [];
const createNotesServer = () => notesServer((line) => LOG_LINES.push(line));
const protectedServer = (issuer: string, options: Partial<JwtVerifierOptions> = {}) =>
  protectedNotesServer(issuer, options, (line) => LOG_LINES.push(line));

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe("JWT access tokens from a real authorization server", () => {
  it("serves protected resource metadata at the root and path-suffixed well-known URLs", async () => {
    await using as = await startAuthorizationServer({});
    await using server = await protectedServer(as.issuer);
    for (const path of [
      "/.well-known/oauth-protected-resource/mcp",
      "/.well-known/oauth-protected-resource",
    ]) {
      const response = await fetch(new URL(path, server.url));
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        resource: server.url,
        authorization_servers: [as.issuer],
        bearer_methods_supported: ["header"],
        scopes_supported: ["notes:read"],
      });
    }
    const missing = await post(server.url, INITIALIZE);
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toBe(
      `Bearer realm="mcp", resource_metadata="${server.origin}/.well-known/oauth-protected-resource/mcp"`,
    );
    const malformed = await post(server.url, INITIALIZE, { Authorization: "Bearer a b c" });
    expect(malformed.status).toBe(401);
    expect(malformed.headers.get("www-authenticate")).toContain('error="invalid_request"');
  });

  it("accepts a valid token and puts the caller on ctx.auth", async () => {
    await using as = await startAuthorizationServer({});
    await using server = await protectedServer(as.issuer);
    Object.assign(as.resources, { [server.url]: { scope: "notes:read notes:write", format: "jwt" } });
    const token = await as.token(server.url, "notes:read");
    await using client = await Client.connect(server.url, { headers: bearer(token) });
    const result = await client.callTool("whoami");
    expect(JSON.parse((result.content[0] as { text: string }).text)).toEqual({
      principal: "mcp-client",
      clientId: "mcp-client",
      scopes: ["notes:read"],
      issuer: as.issuer,
      audience: server.url,
    });
    expect(LOG_LINES.join("\n")).not.toContain(token);
  });

  it("hides components the token lacks scopes for, and answers a call to one with 403 and the step-up scope", async () => {
    await using as = await startAuthorizationServer({});
    await using server = await protectedServer(as.issuer);
    Object.assign(as.resources, { [server.url]: { scope: "notes:read notes:write", format: "jwt" } });
    const reader = await as.token(server.url, "notes:read");
    await using client = await Client.connect(server.url, { headers: bearer(reader) });
    expect((await client.listTools()).map((tool) => tool.name).sort()).toEqual(["read_notes", "whoami"]);
    expect((await client.listResources()).map((resource) => resource.uri)).toEqual(["notes://all"]);
    expect(await client.listPrompts()).toEqual([]);
    expect((await client.callTool("read_notes")).content).toEqual([{ type: "text", text: "the notes" }]);

    const sessionId = await initializeSession(server.url, bearer(reader));
    const refused = await post(server.url, callTool(7, "write_note"), {
      ...bearer(reader),
      "Mcp-Session-Id": sessionId,
    });
    expect(refused.status).toBe(403);
    expect(refused.headers.get("www-authenticate")).toBe(
      'Bearer realm="mcp", error="insufficient_scope", ' +
        'error_description="Insufficient scope: this request requires the scopes \\"notes:write\\"", ' +
        `scope="notes:write", resource_metadata="${server.origin}/.well-known/oauth-protected-resource/mcp"`,
    );
    const prompt = await post(
      server.url,
      { jsonrpc: "2.0", id: 8, method: "prompts/get", params: { name: "summarise" } },
      { ...bearer(reader), "Mcp-Session-Id": sessionId },
    );
    expect(prompt.status).toBe(403);
    const completion = await post(
      server.url,
      {
        jsonrpc: "2.0",
        id: 9,
        method: "completion/complete",
        params: { ref: { type: "ref/prompt", name: "summarise" }, argument: { name: "topic", value: "" } },
      },
      { ...bearer(reader), "Mcp-Session-Id": sessionId },
    );
    expect(await readMessages(completion)).toMatchObject([
      {
        id: 9,
        error: {
          code: -32600,
          message: expect.stringContaining("Insufficient scope"),
          data: { scope: "notes:write" },
        },
      },
    ]);

    const writer = await as.token(server.url, "notes:read notes:write");
    await using stepped = await Client.connect(server.url, { headers: bearer(writer) });
    expect((await stepped.callTool("write_note")).content).toEqual([{ type: "text", text: "written" }]);
  });

  it("refuses a token for another audience, an expired one, a forged one and alg none", async () => {
    await using as = await startAuthorizationServer({});
    await using server = await protectedServer(as.issuer);
    const other = "https://other.example/mcp";
    Object.assign(as.resources, {
      [server.url]: { scope: "notes:read", format: "jwt" },
      [other]: { scope: "notes:read", format: "jwt" },
    });
    const expectRefused = async (token: string, description: string) => {
      const response = await post(server.url, INITIALIZE, bearer(token));
      expect(response.status).toBe(401);
      const challenge = response.headers.get("www-authenticate");
      expect(challenge).toContain('error="invalid_token"');
      expect(challenge).toContain(description);
    };
    await expectRefused(await as.token(other, "notes:read"), "audience");

    const good = await as.token(server.url, "notes:read");
    const [header, payload, signature] = good.split(".") as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as Record<string, unknown>;
    const tampered = Buffer.from(JSON.stringify({ ...claims, scope: "notes:read notes:write" })).toString(
      "base64url",
    );
    await expectRefused(`${header}.${tampered}.${signature}`, "signature is invalid");

    // Signed by a key of our own under the server's key id: the signature does not verify.
    const { privateKey } = await generateKeyPair("RS256");
    const kid = as.signingKeys[0]?.kid as string;
    const forged = await new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid }).sign(privateKey);
    await expectRefused(forged, "signature is invalid");

    const none = `${Buffer.from(JSON.stringify({ alg: "none", typ: "at+jwt" })).toString("base64url")}.${payload}.`;
    await expectRefused(none, "algorithm is not allowed");

    // HS256 "signed" with the public key material: refused by the algorithm allow-list.
    const secret = new TextEncoder().encode(JSON.stringify(as.signingKeys[0]?.n));
    const hmac = await new SignJWT(claims).setProtectedHeader({ alg: "HS256", kid }).sign(secret);
    await expectRefused(hmac, "algorithm is not allowed");

    await expectRefused("not-a-jwt", "not a valid signed JWT");

    // The same valid token, checked two hours later by an injected clock.
    let verifyLater: TokenVerifier | undefined;
    await using later = await serve(createNotesServer(), {
      auth: { verify: (token) => (verifyLater as TokenVerifier)(token) },
    });
    verifyLater = jwtVerifier({
      issuer: as.issuer,
      audience: server.url,
      clock: () => new Date(Date.now() + 2 * 3600_000),
    });
    const expired = await post(later.url, INITIALIZE, bearer(good));
    expect(expired.status).toBe(401);
    expect(expired.headers.get("www-authenticate")).toContain("Token has expired");

    // The server keeps serving the right token.
    expect((await post(server.url, INITIALIZE, bearer(good))).status).toBe(200);
    expect(LOG_LINES.join("\n")).not.toContain(signature);
  });

  it("remembers a verified token only until it expires", async () => {
    await using as = await startAuthorizationServer({});
    let now = Date.now();
    await using server = await protectedServer(as.issuer, { clock: () => new Date(now) });
    Object.assign(as.resources, { [server.url]: { scope: "notes:read", format: "jwt" } });
    const token = await as.token(server.url, "notes:read");
    expect((await post(server.url, INITIALIZE, bearer(token))).status).toBe(200);
    expect((await post(server.url, INITIALIZE, bearer(token))).status).toBe(200);
    now += 2 * 3600_000;
    const expired = await post(server.url, INITIALIZE, bearer(token));
    expect(expired.status).toBe(401);
    expect(expired.headers.get("www-authenticate")).toContain("Token has expired");
  });

  it("follows key rotation: a token signed with a new key fetches the key set again", async () => {
    await using as = await startAuthorizationServer({});
    await using server = await protectedServer(as.issuer);
    Object.assign(as.resources, { [server.url]: { scope: "notes:read", format: "jwt" } });
    const before = await as.token(server.url, "notes:read");
    expect((await post(server.url, INITIALIZE, bearer(before))).status).toBe(200);
    await as.rotateKeys();
    const after = await as.token(server.url, "notes:read");
    expect(JSON.parse(Buffer.from(after.split(".")[0] as string, "base64url").toString()).kid).toBe("key-2");
    expect((await post(server.url, INITIALIZE, bearer(after))).status).toBe(200);
    expect((await post(server.url, INITIALIZE, bearer(before))).status).toBe(200);
  });

  it("answers 503 while the key set cannot be fetched, and keeps serving with keys it has", async () => {
    await using as = await startAuthorizationServer({});
    await using server = await protectedServer(as.issuer);
    await using fresh = await protectedServer(as.issuer);
    Object.assign(as.resources, {
      [server.url]: { scope: "notes:read", format: "jwt" },
      [fresh.url]: { scope: "notes:read", format: "jwt" },
    });
    const token = await as.token(server.url, "notes:read");
    const freshToken = await as.token(fresh.url, "notes:read");
    expect((await post(server.url, INITIALIZE, bearer(token))).status).toBe(200);
    await as[Symbol.asyncDispose]();

    const down = await post(fresh.url, INITIALIZE, bearer(freshToken));
    expect(down.status).toBe(503);
    expect(down.headers.get("retry-after")).toBe("5");
    expect((await post(server.url, INITIALIZE, bearer(token))).status).toBe(200);
  });

  it("refuses HS* and none in the algorithm allow-list at construction", () => {
    expect(() => jwtVerifier({ issuer: "https://a.example", audience: "x", algorithms: ["HS256"] })).toThrow(
      /asymmetric/,
    );
    expect(() => jwtVerifier({ issuer: "https://a.example", audience: "x", algorithms: ["none"] })).toThrow(
      /asymmetric/,
    );
  });

  it("checks tokens on legacy SSE too, with ctx.auth in handlers", async () => {
    await using as = await startAuthorizationServer({});
    let verify: TokenVerifier | undefined;
    await using server = await serve(createNotesServer(), {
      transport: "sse",
      auth: { verify: (token) => (verify as TokenVerifier)(token), authorizationServers: [as.issuer] },
    });
    verify = jwtVerifier({ issuer: as.issuer, audience: server.url });
    Object.assign(as.resources, { [server.url]: { scope: "notes:read notes:write", format: "jwt" } });
    const missing = await fetch(server.url, { headers: { Accept: "text/event-stream" } });
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toContain(
      `resource_metadata="${server.origin}/.well-known/oauth-protected-resource/sse"`,
    );
    const token = await as.token(server.url, "notes:read");
    await using client = await Client.connect(server.url, { headers: bearer(token) });
    const whoami = JSON.parse(((await client.callTool("whoami")).content[0] as { text: string }).text);
    expect(whoami.scopes).toEqual(["notes:read"]);
    expect((await client.listTools()).map((tool) => tool.name)).not.toContain("write_note");
    await expect(client.callTool("write_note")).rejects.toThrow(/notes:write/);
  });
});

import { describe, expect, it } from "vitest";
import { Client, FastMCP, introspectionVerifier, type TokenVerifier } from "../src/index.js";
import { RESOURCE_SERVER, startAuthorizationServer } from "./authorization-server.js";
import { INITIALIZE, post, serve } from "./http-fixture.js";

function createServer(): FastMCP {
  const mcp = new FastMCP({ name: "opaque", version: "1.0.0", logLevel: "silent" });
  mcp.tool({ name: "whoami", description: "The caller" }, (_args, ctx) =>
    JSON.stringify({
      clientId: ctx.auth?.clientId,
      scopes: ctx.auth?.scopes,
      active: ctx.auth?.claims?.active,
    }),
  );
  mcp.tool({ name: "write_note", description: "Writes", scopes: ["notes:write"] }, () => "written");
  return mcp;
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** A server whose verifier introspects at `as`, counting the introspection requests it makes. */
async function introspectedServer(issuer: string, options: { now?: () => number; cacheSize?: number } = {}) {
  const calls = { count: 0 };
  const countingFetch: typeof fetch = (input, init) => {
    calls.count++;
    return fetch(input, init);
  };
  let verify: TokenVerifier | undefined;
  const server = await serve(createServer(), {
    auth: { verify: (token) => (verify as TokenVerifier)(token) },
  });
  verify = introspectionVerifier({
    url: `${issuer}/token/introspection`,
    clientId: RESOURCE_SERVER.id,
    clientSecret: RESOURCE_SERVER.secret,
    audience: server.url,
    issuer,
    fetch: countingFetch,
    ...options,
  });
  return Object.assign(server, { calls });
}

describe("opaque tokens by introspection (RFC 7662)", () => {
  it("accepts an active token, caches the answer for its TTL, and refuses an unknown one", async () => {
    await using as = await startAuthorizationServer({});
    let now = Date.now();
    await using server = await introspectedServer(as.issuer, { now: () => now });
    Object.assign(as.resources, { [server.url]: { scope: "notes:read notes:write", format: "opaque" } });
    const token = await as.token(server.url, "notes:read");
    expect(token.split(".")).toHaveLength(1);

    await using client = await Client.connect(server.url, { headers: bearer(token) });
    const whoami = JSON.parse(((await client.callTool("whoami")).content[0] as { text: string }).text);
    expect(whoami).toEqual({ clientId: "mcp-client", scopes: ["notes:read"], active: true });
    await client.callTool("whoami");
    // initialize, initialized, two calls: one introspection.
    expect(server.calls.count).toBe(1);
    expect((await client.listTools()).map((tool) => tool.name)).toEqual(["whoami"]);

    now += 61_000;
    await client.callTool("whoami");
    expect(server.calls.count).toBe(2);

    const unknown = await post(server.url, INITIALIZE, bearer("made-up-token"));
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get("www-authenticate")).toContain('error_description="The token is not active"');
  });

  it("refuses a token issued for another resource", async () => {
    await using as = await startAuthorizationServer({});
    await using server = await introspectedServer(as.issuer);
    const other = "https://other.example/mcp";
    Object.assign(as.resources, { [other]: { scope: "notes:read", format: "opaque" } });
    const response = await post(server.url, INITIALIZE, bearer(await as.token(other, "notes:read")));
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toContain("audience");
  });

  it("keeps at most cacheSize answers", async () => {
    await using as = await startAuthorizationServer({});
    await using server = await introspectedServer(as.issuer, { cacheSize: 1 });
    Object.assign(as.resources, { [server.url]: { scope: "notes:read", format: "opaque" } });
    const first = await as.token(server.url, "notes:read");
    const second = await as.token(server.url, "notes:read");
    for (const token of [first, second, first]) {
      expect((await post(server.url, INITIALIZE, bearer(token))).status).toBe(200);
    }
    expect(server.calls.count).toBe(3);
  });

  it("answers 503 when the introspection endpoint is down", async () => {
    await using as = await startAuthorizationServer({});
    await using server = await introspectedServer(as.issuer);
    Object.assign(as.resources, { [server.url]: { scope: "notes:read", format: "opaque" } });
    const token = await as.token(server.url, "notes:read");
    await as[Symbol.asyncDispose]();
    const down = await post(server.url, INITIALIZE, bearer(token));
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({
      error: { message: expect.stringContaining("did not answer") },
    });
  });
});

import { describe, expect, it } from "vitest";
import { Client, staticTokenVerifier } from "../src/index.js";
import {
  callTool,
  createFixtureServer,
  INITIALIZE,
  initializeSession,
  JSON_AND_SSE,
  post,
  rawPost,
  serve,
} from "./http-fixture.js";

describe("Streamable HTTP security", () => {
  it("rejects a foreign Host or Origin (DNS rebinding) with 403 and accepts loopback ones", async () => {
    await using server = await serve(createFixtureServer());
    const port = new URL(server.url).port;
    const evilHost = await rawPost(server.url, INITIALIZE, { Host: "evil.example.com" });
    expect(evilHost.status).toBe(403);
    expect(JSON.parse(evilHost.body)).toMatchObject({
      error: { message: expect.stringContaining("Host not allowed") },
    });
    const evilOrigin = await post(server.url, INITIALIZE, { Origin: "http://evil.example.com" });
    expect(evilOrigin.status).toBe(403);
    const garbledOrigin = await post(server.url, INITIALIZE, { Origin: "not a url" });
    expect(garbledOrigin.status).toBe(403);
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`]) {
      const ok = await rawPost(server.url, INITIALIZE, { Host: host, Origin: `http://${host}` });
      expect(ok.status).toBe(200);
    }
  });

  it("accepts hosts and origins from the allow-lists", async () => {
    await using server = await serve(createFixtureServer(), {
      allowedHosts: ["mcp.example.com"],
      allowedOrigins: ["https://app.example.com"],
    });
    expect((await rawPost(server.url, INITIALIZE, { Host: "mcp.example.com" })).status).toBe(200);
    expect((await rawPost(server.url, INITIALIZE, { Host: "localhost" })).status).toBe(403);
    const origin = { Host: "mcp.example.com", Origin: "https://app.example.com" };
    expect((await rawPost(server.url, INITIALIZE, origin)).status).toBe(200);
    expect(
      (await rawPost(server.url, INITIALIZE, { ...origin, Origin: "https://other.example.com" })).status,
    ).toBe(403);
  });

  it("requires a bearer token when auth is on: 401 with WWW-Authenticate, identity on ctx.auth", async () => {
    const mcp = createFixtureServer();
    const verify = staticTokenVerifier({ "secret-a": "alice", "secret-b": "bob" });
    await using server = await serve(mcp, {
      auth: { verify, resourceMetadataUrl: "https://auth.example/prm" },
    });

    const missing = await post(server.url, INITIALIZE);
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toBe(
      'Bearer realm="mcp", resource_metadata="https://auth.example/prm"',
    );
    const wrong = await post(server.url, INITIALIZE, { Authorization: "Bearer nope" });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toContain('error="invalid_token"');
    expect((await post(server.url, INITIALIZE, { Authorization: "Basic c2VjcmV0LWE=" })).status).toBe(401);
    await expect(Client.connect(server.url)).rejects.toThrow();

    await using alice = await Client.connect(server.url, { headers: { Authorization: "Bearer secret-a" } });
    expect((await alice.callTool("whoami")).content).toEqual([{ type: "text", text: "alice" }]);
    // Health stays open for load balancers.
    expect((await fetch(new URL("/health", server.url))).status).toBe(200);
  });

  it("does not let another identity use a session it did not open", async () => {
    const verify = staticTokenVerifier({ "secret-a": "alice", "secret-b": "bob" });
    await using server = await serve(createFixtureServer(), { auth: { verify } });
    const sessionId = await initializeSession(server.url, { Authorization: "Bearer secret-a" });
    const stolen = await post(server.url, callTool(2, "whoami"), {
      "Mcp-Session-Id": sessionId,
      Authorization: "Bearer secret-b",
    });
    expect(stolen.status).toBe(404);
    const own = await post(server.url, callTool(3, "whoami"), {
      "Mcp-Session-Id": sessionId,
      Authorization: "Bearer secret-a",
    });
    expect(own.status).toBe(200);
  });

  it("refuses a body over the cap with 413 and keeps serving", async () => {
    const mcp = createFixtureServer();
    await using server = await serve(mcp, { maxBodyBytes: 1024 });
    const big = await post(server.url, {
      ...INITIALIZE,
      params: { ...INITIALIZE.params, padding: "x".repeat(2048) },
    });
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ error: { message: expect.stringContaining("1024 bytes") } });
    // Chunked, with no Content-Length to check up front.
    const chunks = new ReadableStream({
      start(controller) {
        for (let index = 0; index < 4; index++) controller.enqueue(new TextEncoder().encode("x".repeat(512)));
        controller.close();
      },
    });
    const streamed = await fetch(server.url, {
      method: "POST",
      headers: JSON_AND_SSE,
      body: chunks,
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect((await post(server.url, INITIALIZE)).status).toBe(200);
  });

  it("answers malformed requests with the right status and JSON-RPC error", async () => {
    await using server = await serve(createFixtureServer());
    const badJson = await fetch(server.url, { method: "POST", headers: JSON_AND_SSE, body: "{not json" });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ jsonrpc: "2.0", id: null, error: { code: -32700 } });
    const notRpc = await post(server.url, { hello: "world" });
    expect(notRpc.status).toBe(400);
    expect(await notRpc.json()).toMatchObject({ error: { code: -32600 } });
    expect((await post(server.url, [])).status).toBe(400);
    const wrongType = await fetch(server.url, {
      method: "POST",
      headers: { ...JSON_AND_SSE, "Content-Type": "text/plain" },
      body: "{}",
    });
    expect(wrongType.status).toBe(415);
    expect((await post(server.url, INITIALIZE, { Accept: "text/html" })).status).toBe(406);
    expect((await post(server.url, INITIALIZE, { "MCP-Protocol-Version": "1999-01-01" })).status).toBe(400);
    expect((await fetch(server.url, { method: "PUT" })).status).toBe(405);
    expect((await fetch(new URL("/nowhere", server.url))).status).toBe(404);
  });

  it("is CORS-closed by default and answers preflights when configured", async () => {
    await using closed = await serve(createFixtureServer());
    const plain = await post(closed.url, INITIALIZE, { Origin: "http://localhost:5173" });
    expect(plain.headers.get("access-control-allow-origin")).toBeNull();

    await using open = await serve(createFixtureServer(), { cors: { origin: ["https://app.example.com"] } });
    const preflight = await fetch(open.url, {
      method: "OPTIONS",
      headers: { Origin: "https://app.example.com", "Access-Control-Request-Method": "POST" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
    expect(preflight.headers.get("access-control-allow-headers")).toContain("MCP-Protocol-Version");
    const response = await post(open.url, INITIALIZE, { Origin: "https://app.example.com" });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-expose-headers")).toContain("Mcp-Session-Id");
    expect((await post(open.url, INITIALIZE, { Origin: "https://evil.example.com" })).status).toBe(403);
  });

  it("binds 127.0.0.1 by default and reads no HOST or PORT from the environment (config.ts does)", async () => {
    const saved = { HOST: process.env.HOST, PORT: process.env.PORT };
    try {
      process.env.HOST = "localhost";
      process.env.PORT = "not-a-port";
      const running = await createFixtureServer().run({ transport: "http", port: 0, handleSignals: false });
      await running.close();
      expect(new URL(running.url as string).hostname).toBe("127.0.0.1");
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});

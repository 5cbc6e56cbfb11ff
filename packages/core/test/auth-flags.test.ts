import { describe, expect, it } from "vitest";
import { ConfigError, defineFlags, FastMCP, parseFlags, runOptionsFor, serverFlags } from "../src/index.js";
import { startAuthorizationServer } from "./authorization-server.js";
import { INITIALIZE, post } from "./http-fixture.js";

const flags = defineFlags({
  program: "demo",
  summary: "A demo server.",
  envPrefix: "DEMO",
  flags: serverFlags,
});

function parse(argv: string[], env: Record<string, string> = {}) {
  const config = parseFlags(flags, argv, env);
  if (config === "help") throw new Error("unexpected help");
  return config;
}

describe("the --auth-* server flags", () => {
  it("leave auth off by default and list every flag in --help", () => {
    expect(runOptionsFor(parse(["--transport", "http"]))).toEqual({
      transport: "http",
      host: "127.0.0.1",
      port: 3000,
    });
    for (const name of [
      "--auth-issuer",
      "--auth-audience",
      "--auth-jwks-url",
      "--auth-introspection-url",
      "--auth-scopes",
    ])
      expect(flags.help).toContain(name);
  });

  it("refuse an incomplete set with a ConfigError naming the missing flag", () => {
    expect(() =>
      runOptionsFor(parse(["--transport", "http", "--auth-issuer", "https://auth.example"])),
    ).toThrow(new ConfigError("--auth-audience is required with --auth-issuer or --auth-introspection-url"));
    const introspection = [
      "--transport",
      "http",
      "--auth-introspection-url",
      "https://auth.example/introspect",
    ];
    expect(() =>
      runOptionsFor(parse([...introspection, "--auth-audience", "https://mcp.example/mcp"])),
    ).toThrow(/--auth-client-id/);
    expect(() => parse(["--auth-issuer", "not a url"])).toThrow(/--auth-issuer must be an http\(s\) URL/);
  });

  it("serve a protected endpoint from the environment: 401 without a token, metadata, 403 without the scopes", async () => {
    await using as = await startAuthorizationServer({});
    const config = parse(["--transport", "http", "--port", "0"], {
      DEMO_AUTH_ISSUER: as.issuer,
      DEMO_AUTH_AUDIENCE: "http://127.0.0.1/mcp",
      DEMO_AUTH_SCOPES: "notes:read",
    });
    const mcp = new FastMCP({ name: "demo", logLevel: "silent" });
    mcp.tool({ name: "ping_me", description: "Pong" }, () => "pong");
    const options = runOptionsFor(config);
    if (options.transport !== "http") throw new Error("expected HTTP");
    const running = await mcp.run({ ...options, handleSignals: false });
    await using _server = { [Symbol.asyncDispose]: () => running.close() };
    const url = running.url as string;
    Object.assign(as.resources, { "http://127.0.0.1/mcp": { scope: "notes:read other", format: "jwt" } });

    const missing = await post(url, INITIALIZE);
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toContain(
      'resource_metadata="http://127.0.0.1/.well-known/oauth-protected-resource/mcp"',
    );
    const metadata = await (await fetch(new URL("/.well-known/oauth-protected-resource", url))).json();
    expect(metadata).toMatchObject({ resource: "http://127.0.0.1/mcp", authorization_servers: [as.issuer] });

    const narrow = await post(url, INITIALIZE, {
      Authorization: `Bearer ${await as.token("http://127.0.0.1/mcp", "other")}`,
    });
    expect(narrow.status).toBe(403);
    expect(narrow.headers.get("www-authenticate")).toContain('scope="notes:read"');
    const token = await as.token("http://127.0.0.1/mcp", "notes:read");
    expect((await post(url, INITIALIZE, { Authorization: `Bearer ${token}` })).status).toBe(200);
  });
});

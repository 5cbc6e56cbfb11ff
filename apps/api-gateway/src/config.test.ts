import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, ConfigError, runOptionsFor } from "@mcpkit/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig, loadGatewayConfig, parseGatewayConfig } from "./config.js";
import { createApiGatewayServer } from "./server.js";
import { examplesDir } from "./test-support.js";

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "gateway-config-"));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const base = { name: "api", description: "An API", baseUrl: "https://api.example.com/v1/" };

function problems(upstreams: unknown[], env: Record<string, string> = {}): string {
  try {
    parseGatewayConfig({ upstreams }, { env, baseDir: dir });
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return "(no error)";
}

describe("the example configs", () => {
  it("load, with defaults filled in and the secret read from the environment", () => {
    const config = loadGatewayConfig(join(examplesDir, "gateway.yaml"), { PETSTORE_TOKEN: "demo-token-123" });
    const [petstore] = config.upstreams;
    expect(petstore).toMatchObject({
      name: "petstore",
      baseUrl: new URL("http://127.0.0.1:4010/api/"),
      auth: { type: "bearer", name: "authorization", value: "demo-token-123" },
      allowedMethods: ["GET", "POST", "DELETE"],
      timeouts: { connectMs: 2000, headersMs: 3000, totalMs: 4000 },
      allowPrivateNetwork: true,
      maxQueue: 16,
      openapi: { exclude: [{ tags: ["admin"] }] },
    });
    expect(petstore?.openapi?.document.info?.title).toBe("Demo pet store");
    const env = { GITHUB_TOKEN: "ghp_example_123", NASA_API_KEY: "nasa-key-123" };
    const publicApis = loadGatewayConfig(join(examplesDir, "public-apis.yaml"), env);
    expect(
      publicApis.upstreams.map((upstream) => [
        upstream.name,
        upstream.allowPrivateNetwork,
        upstream.auth?.type,
      ]),
    ).toEqual([
      ["github", false, "bearer"],
      ["open_meteo", false, undefined],
      ["nasa", false, "query"],
    ]);
  });
});

describe("validation errors name the key that holds the problem", () => {
  it("a missing secret fails at start-up", () => {
    expect(problems([base, { ...base, name: "gh", auth: { type: "bearer", env: "GITHUB_TOKEN" } }])).toBe(
      "upstreams[1].auth.env: environment variable GITHUB_TOKEN is not set",
    );
    expect(problems([{ ...base, auth: { type: "query", name: "key", env: "KEY" } }], { KEY: "short" })).toBe(
      "upstreams[0].auth.env: environment variable KEY is shorter than 8 characters",
    );
  });

  it("reports every problem at once, each with its path", () => {
    const message = problems([
      { ...base, baseURL: "typo" },
      { ...base, name: "Bad Name", baseUrl: "ftp://example.com/" },
      { ...base, name: "creds", baseUrl: "https://user:pw@example.com/" },
      { ...base, name: "limits", rateLimit: "lots", timeouts: { totalMs: 0 }, allowedMethods: ["FETCH"] },
      { ...base, name: "headers", headers: { Authorization: "Bearer inline-secret" } },
      { ...base, name: "auth", auth: { type: "basic", env: "X" } },
    ]);
    const lines = message.split("\n");
    expect(lines).toContain('upstreams[0]: Unrecognized key: "baseURL"');
    expect(lines).toContain(
      "upstreams[1].name: must be 1-32 characters of a-z, 0-9 and _, starting with a letter",
    );
    expect(lines).toContain("upstreams[1].baseUrl: must be an http(s) URL");
    expect(lines).toContain(
      "upstreams[2].baseUrl: must not contain credentials, a query or a fragment (use auth and headers)",
    );
    expect(lines).toContain(
      'upstreams[3].rateLimit: must look like "60/minute" (count per second, minute, hour or day)',
    );
    expect(lines.some((line) => line.startsWith("upstreams[3].timeouts.totalMs: "))).toBe(true);
    expect(lines.some((line) => line.startsWith("upstreams[3].allowedMethods[0]: "))).toBe(true);
    expect(lines.some((line) => line.startsWith("upstreams[4].headers: may not set host,"))).toBe(true);
    expect(lines.some((line) => line.startsWith("upstreams[5].auth.type: "))).toBe(true);
    expect(message).not.toContain("inline-secret");
    expect(problems([base, { ...base }])).toBe('upstreams[1].name: "api" is used twice');
  });

  it("checks the OpenAPI file at start-up", async () => {
    expect(problems([{ ...base, openapi: "./missing.yaml" }])).toBe(
      `upstreams[0].openapi: cannot read OpenAPI document ${join(dir, "missing.yaml")} (ENOENT)`,
    );
    await writeFile(join(dir, "swagger.json"), JSON.stringify({ swagger: "2.0", paths: {} }));
    expect(problems([{ ...base, openapi: { file: "swagger.json" } }])).toBe(
      'upstreams[0].openapi.file: swagger.json is not an OpenAPI 3.x document (it needs "openapi: 3.x" and "paths")',
    );
  });

  it("needs at least one upstream", () => {
    expect(problems([])).toBe("upstreams: declare at least one upstream");
  });
});

describe("flags and files", () => {
  it("reads JSON or YAML, from --config or API_GATEWAY_CONFIG", async () => {
    const path = join(dir, "gateway.json");
    await writeFile(path, JSON.stringify({ upstreams: [base] }));
    const config = loadConfig(["--config", path, "--transport", "http", "--port", "8080"], {});
    expect(config).toMatchObject({ transport: "http", port: 8080, host: "127.0.0.1", logLevel: "info" });
    expect(loadConfig([], { API_GATEWAY_CONFIG: path, API_GATEWAY_LOG_LEVEL: "debug" })).toMatchObject({
      logLevel: "debug",
    });
  });

  it("explains bad flags and broken files", async () => {
    expect(loadConfig(["--help"], {})).toBe("help");
    expect(() => loadConfig([], {})).toThrow("--config is required: the gateway's config file");
    expect(() => loadConfig(["--config", "x.yaml", "--transport", "carrier-pigeon"], {})).toThrow(
      "--transport must be stdio, http or sse",
    );
    expect(() => loadConfig(["--nope"], {})).toThrow(ConfigError);
    const yaml = join(dir, "broken.yaml");
    await writeFile(yaml, "upstreams:\n  - name: [unclosed\n");
    expect(() => loadGatewayConfig(yaml, {})).toThrow(`config file ${yaml} is not valid:`);
    expect(() => loadGatewayConfig(join(dir, "gateway.toml"), {})).toThrow("(ENOENT)");
  });

  it("serves on --transport sse", async () => {
    const path = join(dir, "gateway.json");
    await writeFile(path, JSON.stringify({ upstreams: [base] }));
    const config = loadConfig(
      ["--config", path, "--transport", "sse", "--port", "0", "--log-level", "silent"],
      {},
    );
    if (config === "help") throw new Error("unexpected help");
    const server = createApiGatewayServer({ upstreams: config.gateway.upstreams, logLevel: config.logLevel });
    const running = await server.run(runOptionsFor(config));
    try {
      await using client = await Client.connect(running.url as string);
      expect((await client.listTools()).length).toBeGreaterThan(0);
    } finally {
      await running.close();
    }
  });
});

describe("--redis-url", () => {
  const key = "k".repeat(32);
  const url = "redis://127.0.0.1:6379";

  it("is taken over HTTP with a request-state key every replica shares, and refused where it would break", async () => {
    const path = join(dir, "gateway.json");
    await writeFile(path, JSON.stringify({ upstreams: [base] }));
    expect(
      loadConfig(["--config", path, "--transport", "http", "--redis-url", url], {
        MCPKIT_REQUEST_STATE_KEY: key,
      }),
    ).toMatchObject({
      redisUrl: url,
      requestStateKey: [key],
    });
    expect(
      loadConfig(["--config", path, "--transport", "http"], {
        MCPKIT_REDIS_URL: url,
        MCPKIT_REQUEST_STATE_KEY: key,
      }),
    ).toMatchObject({ redisUrl: url });
    expect(() =>
      loadConfig(["--config", path, "--redis-url", url], { MCPKIT_REQUEST_STATE_KEY: key }),
    ).toThrow("--redis-url is for replicas served over HTTP");
    expect(() => loadConfig(["--config", path, "--transport", "http"], { MCPKIT_REDIS_URL: url })).toThrow(
      "--redis-url needs MCPKIT_REQUEST_STATE_KEY, the same secret on every replica",
    );
  });

  it("refuses an upstream rateLimit, which each replica would count on its own", async () => {
    const path = join(dir, "limited.json");
    await writeFile(path, JSON.stringify({ upstreams: [{ ...base, rateLimit: "60/minute" }] }));
    const argv = ["--config", path, "--transport", "http", "--redis-url", url];
    expect(() => loadConfig(argv, { MCPKIT_REQUEST_STATE_KEY: key })).toThrow(
      "upstream api: rateLimit is counted in each process's memory, so behind a load balancer every replica would allow 60/minute on its own.",
    );
    // Without Redis, one process: the same file is fine.
    expect(loadConfig(argv.slice(0, 4), {})).toMatchObject({ redisUrl: undefined });
  });
});

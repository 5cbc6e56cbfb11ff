import { Client, ConfigError, runOptionsFor } from "@mcpkit/core";
import { describe, expect, it } from "vitest";
import { parseConfig } from "./config.js";
import { createEverythingServer } from "./server.js";

describe("everything config", () => {
  it("defaults to stdio on 127.0.0.1:3000", () => {
    expect(parseConfig([], {})).toEqual({
      transport: "stdio",
      host: "127.0.0.1",
      port: 3000,
      stateless: false,
      json: false,
      pageSize: 100,
      closeStreamsAfterMs: 0,
      rateLimitFailOpen: false,
      logLevel: "info",
      auth: {},
    });
  });

  it("reads flags, with the environment as fallback and flags winning", () => {
    const config = parseConfig(["--transport", "http", "--port", "0", "--stateless"], {
      EVERYTHING_PORT: "4000",
      EVERYTHING_JSON: "1",
      EVERYTHING_LOG_LEVEL: "silent",
    });
    expect(config).toMatchObject({
      transport: "http",
      port: 0,
      stateless: true,
      json: true,
      logLevel: "silent",
    });
  });

  it("reads the request-state keys from MCPKIT_REQUEST_STATE_KEY, comma-separated to rotate", () => {
    expect(parseConfig([], {})).toMatchObject({ requestStateKey: undefined });
    expect(parseConfig([], { MCPKIT_REQUEST_STATE_KEY: " new-key , old-key," })).toMatchObject({
      requestStateKey: ["new-key", "old-key"],
    });
  });

  it("returns help for --help", () => {
    expect(parseConfig(["--help"], {})).toBe("help");
  });

  it("rejects bad input with a clear message", () => {
    expect(() => parseConfig(["--transport", "carrier-pigeon"], {})).toThrow(
      "--transport must be stdio, http or sse",
    );
    expect(() => parseConfig(["--port", "99999"], {})).toThrow("--port must be at most 65535");
    expect(() => parseConfig(["--port", "eighty"], {})).toThrow("--port must be a number");
    expect(() => parseConfig(["--log-level", "loud"], {})).toThrow(ConfigError);
    expect(() => parseConfig(["--close-streams-after=-5"], {})).toThrow(
      "--close-streams-after must be at least 0",
    );
    expect(() => parseConfig(["--unknown"], {})).toThrow(ConfigError);
    expect(() => parseConfig(["--stateles"], {})).toThrow(
      "unknown flag --stateles (did you mean --stateless?)",
    );
  });

  it("serves on --transport sse", async () => {
    const config = parseConfig(["--transport", "sse", "--port", "0"], {});
    if (config === "help") throw new Error("unexpected help");
    const running = await createEverythingServer({ logLevel: "silent" }).run(runOptionsFor(config));
    try {
      await using client = await Client.connect(running.url as string);
      expect((await client.callTool("test_simple_text")).isError).toBeFalsy();
    } finally {
      await running.close();
    }
  });
});

describe("--redis-url", () => {
  const key = "k".repeat(32);
  const url = "redis://127.0.0.1:6379";

  it("is taken over HTTP with a request-state key every replica shares, and refused where it would break", () => {
    expect(
      parseConfig(["--transport", "http", "--redis-url", url], { MCPKIT_REQUEST_STATE_KEY: key }),
    ).toMatchObject({
      redisUrl: url,
      requestStateKey: [key],
    });
    expect(
      parseConfig(["--transport", "http"], { MCPKIT_REDIS_URL: url, MCPKIT_REQUEST_STATE_KEY: key }),
    ).toMatchObject({ redisUrl: url });
    expect(() => parseConfig(["--redis-url", url], { MCPKIT_REQUEST_STATE_KEY: key })).toThrow(
      "--redis-url is for replicas served over HTTP",
    );
    expect(() => parseConfig(["--transport", "http"], { MCPKIT_REDIS_URL: url })).toThrow(
      "--redis-url needs MCPKIT_REQUEST_STATE_KEY, the same secret on every replica",
    );
  });
});

describe("--rate-limit", () => {
  it("takes count/period, and names the accepted form for anything else", () => {
    expect(parseConfig(["--rate-limit", "5/hour"], {})).toMatchObject({ rateLimit: "5/hour" });
    expect(parseConfig([], { EVERYTHING_RATE_LIMIT: "100/minute" })).toMatchObject({
      rateLimit: "100/minute",
    });
    expect(() => parseConfig(["--rate-limit", "5 per hour"], {})).toThrow(
      '--rate-limit must look like "100/minute" (count per second, minute, hour or day)',
    );
  });

  it("fails open with --rate-limit-fail-open or EVERYTHING_RATE_LIMIT_FAIL_OPEN (closed by default, above)", () => {
    expect(parseConfig(["--rate-limit-fail-open"], {})).toMatchObject({ rateLimitFailOpen: true });
    expect(parseConfig([], { EVERYTHING_RATE_LIMIT_FAIL_OPEN: "1" })).toMatchObject({
      rateLimitFailOpen: true,
    });
  });
});

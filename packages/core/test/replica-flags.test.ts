import { describe, expect, it } from "vitest";
import { ConfigError, defineFlags, parseFlags, replicaConfigFor, serverFlags } from "../src/index.js";

const flags = defineFlags({
  program: "demo",
  summary: "A demo server.",
  envPrefix: "DEMO",
  flags: serverFlags,
});
const KEY = "k".repeat(32);

function load(argv: string[], env: Record<string, string> = {}) {
  const values = parseFlags(flags, argv, env);
  if (values === "help") throw new Error("unexpected help");
  return replicaConfigFor(values, env);
}

function refusal(argv: string[], env: Record<string, string> = {}): string {
  try {
    load(argv, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("the configuration was accepted");
}

describe("--redis-url", () => {
  it("is off by default, and the request-state key is read either way", () => {
    expect(load([])).toEqual({ redisUrl: undefined, requestStateKey: undefined });
    expect(load([], { MCPKIT_REQUEST_STATE_KEY: `${KEY}, old` })).toEqual({
      redisUrl: undefined,
      requestStateKey: [KEY, "old"],
    });
  });

  it("comes from the flag or MCPKIT_REDIS_URL (the same name in every app), the flag winning", () => {
    const env = { MCPKIT_REQUEST_STATE_KEY: KEY };
    expect(load(["--transport", "http", "--redis-url", "redis://10.0.0.5:6379/2"], env).redisUrl).toBe(
      "redis://10.0.0.5:6379/2",
    );
    expect(load(["--transport", "http"], { ...env, MCPKIT_REDIS_URL: "rediss://cache:6380" })).toEqual({
      redisUrl: "rediss://cache:6380",
      requestStateKey: [KEY],
    });
    const both = { ...env, MCPKIT_REDIS_URL: "redis://from-env:6379" };
    expect(load(["--transport", "http", "--redis-url", "redis://from-flag:6379"], both).redisUrl).toBe(
      "redis://from-flag:6379",
    );
    // The app's own prefix is not a second name for it.
    expect(load(["--transport", "http"], { DEMO_REDIS_URL: "redis://x:1" }).redisUrl).toBeUndefined();
  });

  it("refuses anything but a redis:// or rediss:// URL, from either source", () => {
    expect(refusal(["--transport", "http", "--redis-url", "http://cache:6379"])).toBe(
      "--redis-url must be a redis:// or rediss:// URL",
    );
    expect(refusal(["--transport", "http"], { MCPKIT_REDIS_URL: "cache:6379" })).toBe(
      "MCPKIT_REDIS_URL must be a redis:// or rediss:// URL",
    );
  });

  it("refuses stdio, which has nothing to share, naming the fix", () => {
    const message = refusal(["--redis-url", "redis://cache:6379"], { MCPKIT_REQUEST_STATE_KEY: KEY });
    expect(message).toContain("--redis-url is for replicas served over HTTP");
    expect(message).toContain("Add --transport http");
    // From the environment too: a stdio server must not silently ignore a set MCPKIT_REDIS_URL.
    expect(refusal([], { MCPKIT_REDIS_URL: "redis://cache:6379", MCPKIT_REQUEST_STATE_KEY: KEY })).toBe(
      message,
    );
  });

  it("refuses legacy SSE, whose stream and posts must reach one replica", () => {
    const message = refusal(["--transport", "sse", "--redis-url", "redis://cache:6379"], {
      MCPKIT_REQUEST_STATE_KEY: KEY,
    });
    expect(message).toContain("--redis-url needs --transport http");
  });

  it("refuses a Redis URL without a request-state key shared by every replica", () => {
    const message = refusal(["--transport", "http", "--redis-url", "redis://cache:6379"]);
    expect(message).toContain("--redis-url needs MCPKIT_REQUEST_STATE_KEY, the same secret on every replica");
    expect(message).toContain("openssl rand -base64 32");
    expect(
      refusal(["--transport", "http", "--redis-url", "redis://cache:6379"], {
        MCPKIT_REQUEST_STATE_KEY: " , ",
      }),
    ).toBe(message);
  });

  it("is listed in --help with its environment variable", () => {
    const help = flags.help.replace(/\s+/g, " ");
    expect(help).toContain(
      "--redis-url <url> Redis shared by replicas behind a load balancer; HTTP only, needs MCPKIT_REQUEST_STATE_KEY [MCPKIT_REDIS_URL]",
    );
  });
});

import { delimiter } from "node:path";
import { Client, runOptionsFor } from "@mcpkit/core";
import { describe, expect, it } from "vitest";
import { parseConfig } from "./config.js";
import { DEFAULT_IMAGE_LIMITS } from "./limits.js";
import { createThumbnailServer } from "./server.js";

describe("parseConfig", () => {
  it("uses the defaults, with roots from flags and positionals", () => {
    const config = parseConfig(["--root", "/a", "/b", "--root=/c"], {});
    expect(config).toMatchObject({
      roots: ["/b", "/a", "/c"],
      transport: "stdio",
      host: "127.0.0.1",
      port: 3000,
      logLevel: "info",
    });
    expect(config !== "help" && config.limits).toEqual(DEFAULT_IMAGE_LIMITS);
  });

  it("reads the environment, and flags win over it", () => {
    const env = {
      THUMBNAIL_ROOTS: ["/x", "/y"].join(delimiter),
      THUMBNAIL_MAX_PIXELS: "1000",
      THUMBNAIL_ALLOW_SVG: "1",
      THUMBNAIL_PORT: "80",
    };
    const config = parseConfig(["--port", "8080", "--transport", "http", "--timeout", "5"], env);
    expect(config).toMatchObject({
      roots: ["/x", "/y"],
      port: 8080,
      transport: "http",
      limits: { maxPixels: 1000, allowSvg: true },
      jobs: { timeoutSeconds: 5 },
    });
    expect(parseConfig(["/z"], env)).toMatchObject({ roots: ["/z"] });
  });

  it("answers --help", () => {
    expect(parseConfig(["--help"], {})).toBe("help");
  });

  it("names the bad flag", () => {
    expect(() => parseConfig(["--max-pixels", "lots"], {})).toThrow("--max-pixels must be a number");
    expect(() => parseConfig(["--concurrency", "0"], {})).toThrow("--concurrency must be at least 1");
    expect(() => parseConfig(["--transport", "carrier-pigeon"], {})).toThrow(
      "--transport must be stdio, http or sse",
    );
    expect(() => parseConfig(["--port", "70000"], {})).toThrow("--port must be at most 65535");
    expect(() => parseConfig(["--frobnicate"], {})).toThrow("unknown flag --frobnicate");
    expect(() => parseConfig(["--max-pixel", "1"], {})).toThrow("did you mean --max-pixels?");
    expect(() => parseConfig([], { THUMBNAIL_MAX_PAGES: "1.5" })).toThrow(
      "--max-pages (from THUMBNAIL_MAX_PAGES) must be a whole number",
    );
  });

  it("serves on --transport sse", async () => {
    const config = parseConfig(["--transport", "sse", "--port", "0", "--log-level", "silent"], {});
    if (config === "help") throw new Error("unexpected help");
    const running = await createThumbnailServer(config).run(runOptionsFor(config));
    try {
      await using client = await Client.connect(running.url as string);
      expect((await client.listTools()).map((tool) => tool.name)).toContain("create_thumbnail");
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

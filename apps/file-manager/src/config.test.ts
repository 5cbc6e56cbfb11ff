import { Client, ConfigError, runOptionsFor } from "@mcpkit/core";
import { describe, expect, it } from "vitest";
import { parseConfig } from "./config.js";
import { DEFAULT_DENY } from "./deny-list.js";
import { DEFAULT_LIMITS } from "./options.js";
import { createFileManagerServer } from "./server.js";
import { createSandbox, textOf } from "./test-fixture.js";

describe("parseConfig", () => {
  it("reads roots from arguments and flags, writable only where asked", () => {
    const config = parseConfig(["/a", "--root", "/b", "--root-rw", "/c"], {});
    expect(config).toMatchObject({
      roots: [
        { path: "/a", writable: false },
        { path: "/b", writable: false },
        { path: "/c", writable: true },
      ],
      allowWrite: false,
      transport: "stdio",
      limits: DEFAULT_LIMITS,
      deny: DEFAULT_DENY,
    });
  });

  it("makes every root writable with --allow-write", () => {
    const config = parseConfig(["/a", "--allow-write"], {});
    expect(config).toMatchObject({ allowWrite: true, roots: [{ path: "/a", writable: true }] });
  });

  it("parses limits, sizes with units and deny patterns", () => {
    const config = parseConfig(
      [
        "--max-file-size",
        "2MiB",
        "--max-entries",
        "50",
        "--max-depth",
        "4",
        "--search-timeout",
        "500",
        "--deny",
        "*.sqlite",
      ],
      {},
    );
    expect(config).toMatchObject({
      limits: { maxFileBytes: 2 * 1024 * 1024, maxEntries: 50, maxDepth: 4, searchTimeMs: 500 },
      deny: [...DEFAULT_DENY, "*.sqlite"],
    });
    expect(parseConfig(["--no-default-deny", "--deny", "x"], {})).toMatchObject({ deny: ["x"] });
  });

  it("reads the environment when flags are absent, and flags win", () => {
    const env = { FILE_MANAGER_ROOTS: "/x:/y", FILE_MANAGER_MAX_ENTRIES: "7", FILE_MANAGER_ALLOW_WRITE: "1" };
    expect(parseConfig([], env)).toMatchObject({
      roots: [
        { path: "/x", writable: true },
        { path: "/y", writable: true },
      ],
      limits: { maxEntries: 7 },
    });
    expect(parseConfig(["/z", "--max-entries", "9"], env)).toMatchObject({
      roots: [{ path: "/z", writable: true }],
      limits: { maxEntries: 9 },
    });
  });

  it("rejects bad flags with clear messages", () => {
    expect(() => parseConfig(["--max-file-size", "lots"], {})).toThrow(
      new ConfigError('--max-file-size must be a size such as 10MiB or 500000, got "lots"'),
    );
    expect(() => parseConfig(["--max-depth", "0"], {})).toThrow("--max-depth must be at least 1");
    expect(() => parseConfig(["--transport", "pigeon"], {})).toThrow(
      "--transport must be stdio, http or sse",
    );
    expect(() => parseConfig(["--bogus"], {})).toThrow(ConfigError);
    expect(() => parseConfig(["--allow-writes"], {})).toThrow(
      "unknown flag --allow-writes (did you mean --allow-write?)",
    );
    expect(parseConfig(["--help"], {})).toBe("help");
  });

  it("serves on --transport sse", async () => {
    await using box = await createSandbox({ "a.txt": "over sse" });
    const config = parseConfig([box.root, "--transport", "sse", "--port", "0", "--log-level", "silent"], {});
    if (config === "help") throw new Error("unexpected help");
    const running = await createFileManagerServer(config).run(runOptionsFor(config));
    try {
      await using client = await Client.connect(running.url as string);
      expect(textOf(await client.callTool("read_text", { path: "a.txt" }))).toBe("over sse");
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

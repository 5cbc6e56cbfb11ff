import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Client, runOptionsFor } from "@mcpkit/core";
import { describe, expect, it } from "vitest";
import { parseConfig } from "./config.js";
import { createSqliteServer } from "./server.js";
import { temporaryDirectory } from "./test-support.js";

describe("parseConfig", () => {
  it("has defaults that serve the sample database on stdio", () => {
    expect(parseConfig([], {})).toEqual({
      timeoutMs: 10_000,
      maxRows: 1_000,
      maxProcesses: 4,
      transport: "stdio",
      host: "127.0.0.1",
      port: 3000,
      logLevel: "info",
      auth: {},
    });
  });

  it("reads flags, which win over the environment", () => {
    using directory = temporaryDirectory();
    const file = join(directory.path, "a.db");
    writeFileSync(file, "");
    const config = parseConfig(
      [
        "--db",
        file,
        "--timeout-ms",
        "250",
        "--max-rows",
        "50",
        "--max-processes",
        "2",
        "--transport",
        "http",
        "--port",
        "0",
        "--log-level",
        "silent",
      ],
      { SQLITE_TIMEOUT_MS: "9", SQLITE_DB: "/nowhere.db", SQLITE_PORT: "1" },
    );
    expect(config).toMatchObject({
      databasePath: file,
      timeoutMs: 250,
      maxRows: 50,
      maxProcesses: 2,
      transport: "http",
      port: 0,
      logLevel: "silent",
    });
  });

  it("reads the environment and resolves a relative --db", () => {
    using directory = temporaryDirectory();
    writeFileSync(join(directory.path, "b.db"), "");
    const config = parseConfig([], {
      SQLITE_DB: join(directory.path, ".", "b.db"),
      SQLITE_MAX_ROWS: "7",
      SQLITE_TRANSPORT: "http",
      SQLITE_HOST: "0.0.0.0",
    });
    expect(config).toMatchObject({
      databasePath: join(directory.path, "b.db"),
      maxRows: 7,
      transport: "http",
      host: "0.0.0.0",
    });
  });

  it.each([
    [["--db", "/definitely/not/here.db"], "--db: no file at /definitely/not/here.db"],
    [["--timeout-ms", "soon"], "--timeout-ms must be a number"],
    [["--timeout-ms", "0"], "--timeout-ms must be at least 1"],
    [["--max-rows", "1.5"], "--max-rows must be a whole number"],
    [["--max-rows", "1000000"], "--max-rows must be at most 100000"],
    [["--max-processes", "0"], "--max-processes must be at least 1"],
    [["--max-processes", "65"], "--max-processes must be at most 64"],
    [["--transport", "carrier-pigeon"], "--transport must be stdio, http or sse"],
    [["--port", "70000"], "--port must be at most 65535"],
    [["--log-level", "loud"], "--log-level must be debug"],
    [["--dbb", "x"], "unknown flag --dbb (did you mean --db?)"],
    [["extra"], 'unexpected argument "extra"'],
  ])("refuses %j clearly", (argv, message) => {
    expect(() => parseConfig(argv, {})).toThrow(message);
  });

  it("asks for help", () => {
    expect(parseConfig(["--help"], {})).toBe("help");
  });

  it("serves the sample database on --transport sse (issue 16: it exited 2)", async () => {
    const config = parseConfig(["--transport", "sse", "--port", "0"], {});
    if (config === "help") throw new Error("unexpected help");
    const running = await createSqliteServer({ logLevel: "silent" }).run(runOptionsFor(config));
    try {
      expect(running.url).toMatch(/\/sse$/);
      await using client = await Client.connect(running.url as string);
      const result = await client.callTool("query", { sql: "SELECT count(*) FROM categories" });
      expect(result.isError).toBeFalsy();
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

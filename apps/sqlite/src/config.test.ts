import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "./config.js";
import { temporaryDirectory } from "./test-support.js";

describe("loadConfig", () => {
  it("has defaults that serve the sample database on stdio", () => {
    expect(loadConfig([], {})).toEqual({
      timeoutMs: 10_000,
      maxRows: 1_000,
      maxProcesses: 4,
      transport: "stdio",
      host: "127.0.0.1",
      port: 3000,
      logLevel: "info",
      help: false,
    });
  });

  it("reads flags, which win over the environment", () => {
    using directory = temporaryDirectory();
    const file = join(directory.path, "a.db");
    writeFileSync(file, "");
    const config = loadConfig(
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
      { MCPKIT_SQLITE_TIMEOUT_MS: "9", MCPKIT_SQLITE_DB: "/nowhere.db", PORT: "1" },
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
    const config = loadConfig([], {
      MCPKIT_SQLITE_DB: join(directory.path, ".", "b.db"),
      MCPKIT_SQLITE_MAX_ROWS: "7",
      MCPKIT_TRANSPORT: "http",
      HOST: "0.0.0.0",
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
    [["--transport", "carrier-pigeon"], "--transport must be stdio or http"],
    [["--port", "70000"], "--port must be 0-65535"],
    [["--log-level", "loud"], "--log-level must be debug"],
    [["--dbb", "x"], "Unknown option '--dbb'"],
    [["extra"], "Unexpected argument 'extra'"],
  ])("refuses %j clearly", (argv, message) => {
    expect(() => loadConfig(argv, {})).toThrow(message);
  });

  it("asks for help", () => {
    expect(loadConfig(["--help"], {}).help).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  ConfigError,
  hostFlag,
  logLevelFlag,
  parseCommandLine,
  portFlag,
  transportFlag,
  wholeNumberFlag,
} from "../src/index.js";

const text = { type: "string" } as const;

function parse(argv: string[], env: Record<string, string> = {}) {
  return parseCommandLine(argv, env, {
    envPrefix: "DEMO",
    options: {
      "max-rows": text,
      verbose: { type: "boolean" },
      tag: { type: "string", multiple: true },
      transport: text,
      host: text,
      port: text,
      "log-level": text,
    },
    allowPositionals: true,
    schema: z.object({
      maxRows: z.coerce.number({ error: "--max-rows must be a number" }).default(10),
      verbose: z.union([z.boolean(), z.literal("1")]).optional(),
      tags: z.array(z.string()),
      paths: z.array(z.string()),
      transport: transportFlag,
      host: hostFlag,
      port: portFlag,
      logLevel: logLevelFlag,
    }),
    input: (pick, { values, positionals }) => ({
      maxRows: pick("max-rows"),
      verbose: pick("verbose"),
      tags: values.tag ?? [],
      paths: positionals,
      transport: pick("transport"),
      host: pick("host"),
      port: pick("port"),
      logLevel: pick("log-level"),
    }),
  });
}

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a ConfigError");
}

describe("parseCommandLine", () => {
  it("applies the shared defaults: stdio on 127.0.0.1:3000, log level info", () => {
    expect(parse([])).toEqual({
      maxRows: 10,
      tags: [],
      paths: [],
      transport: "stdio",
      host: "127.0.0.1",
      port: 3000,
      logLevel: "info",
    });
  });

  it("reads flags, repeated flags and positional arguments", () => {
    expect(
      parse(["a", "--max-rows", "5", "--tag", "x", "--tag=y", "--verbose", "--transport", "http", "b"]),
    ).toMatchObject({ maxRows: 5, tags: ["x", "y"], paths: ["a", "b"], verbose: true, transport: "http" });
  });

  it("falls back to <PREFIX>_<FLAG> environment variables, and flags win", () => {
    const env = { DEMO_MAX_ROWS: "7", DEMO_PORT: "8080", DEMO_LOG_LEVEL: "silent", DEMO_VERBOSE: "1" };
    expect(parse([], env)).toMatchObject({ maxRows: 7, port: 8080, logLevel: "silent", verbose: "1" });
    expect(parse(["--port", "0", "--log-level", "debug"], env)).toMatchObject({ port: 0, logLevel: "debug" });
    expect(parse([], { MAX_ROWS: "7", demo_max_rows: "8" })).toMatchObject({ maxRows: 10 });
  });

  it("returns help for --help, before checking anything else", () => {
    expect(parse(["--help"])).toBe("help");
    expect(parse(["--port", "nope", "--help"], { DEMO_TRANSPORT: "pigeon" })).toBe("help");
  });

  it.each([
    [["--transport", "carrier-pigeon"], "--transport must be stdio or http"],
    [["--port", "eighty"], "--port must be a number"],
    [["--port", "80.5"], "--port must be a whole number"],
    [["--port=-1"], "--port must be at least 0"],
    [["--port", "70000"], "--port must be at most 65535"],
    [["--log-level", "loud"], "--log-level must be debug, info, warning, error or silent"],
    [["--max-rows", "many"], "--max-rows must be a number"],
  ])("rejects %j with a ConfigError naming the flag", (argv, message) => {
    expect(messageOf(() => parse(argv))).toBe(message);
  });

  it("rejects a bad environment value with the flag's message", () => {
    expect(messageOf(() => parse([], { DEMO_PORT: "http" }))).toBe("--port must be a number");
  });

  it("joins several problems with '; '", () => {
    expect(messageOf(() => parse(["--port", "x", "--log-level", "loud"]))).toBe(
      "--port must be a number; --log-level must be debug, info, warning, error or silent",
    );
  });

  it("turns parseArgs errors (unknown flag, missing value, stray argument) into ConfigErrors", () => {
    expect(messageOf(() => parse(["--frobnicate"]))).toContain("Unknown option '--frobnicate'");
    expect(messageOf(() => parse(["--max-rows"]))).toContain("--max-rows");
    const strict = () =>
      parseCommandLine(
        ["stray"],
        {},
        { envPrefix: "DEMO", options: {}, schema: z.object({}), input: () => ({}) },
      );
    expect(messageOf(strict)).toContain("Unexpected argument 'stray'");
  });
});

describe("wholeNumberFlag", () => {
  it("accepts whole numbers in range from strings and names the flag in every refusal", () => {
    const field = wholeNumberFlag("--retries", 0, 10);
    expect(field.parse("3")).toBe(3);
    const message = (value: string) => field.safeParse(value).error?.issues[0]?.message;
    expect(message("many")).toBe("--retries must be a number");
    expect(message("1.5")).toBe("--retries must be a whole number");
    expect(message("-1")).toBe("--retries must be at least 0");
    expect(message("11")).toBe("--retries must be at most 10");
  });

  it("defaults to at least 1 with no upper bound", () => {
    const field = wholeNumberFlag("--max-rows");
    expect(field.safeParse("0").error?.issues[0]?.message).toBe("--max-rows must be at least 1");
    expect(field.parse("1000000000")).toBe(1_000_000_000);
  });
});

import { delimiter } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  booleanFlag,
  ConfigError,
  defineFlag,
  defineFlags,
  listFlag,
  numberFlag,
  parseFlags,
  serverFlags,
  stringFlag,
} from "../src/index.js";

const flags = defineFlags({
  program: "demo",
  summary: "A demo server.",
  envPrefix: "DEMO",
  positionals: { flag: "path", usage: "[path...]" },
  flags: {
    path: listFlag("A path, repeatable", { env: "PATHS", placeholder: "<path>" }),
    verbose: booleanFlag("Say more"),
    label: stringFlag("A label"),
    limits: {
      maxRows: numberFlag("Most rows", { max: 100, default: 10 }),
      timeoutMs: numberFlag("Time budget", { name: "timeout", default: 500, placeholder: "<ms>" }),
    },
    mode: defineFlag({
      kind: "string",
      help: "A custom value",
      env: false,
      schema: z
        .string()
        .regex(/^[a-z]+$/, "must be lowercase letters")
        .optional(),
    }),
    ...serverFlags,
  },
});

const parse = (argv: string[], env: Record<string, string> = {}) => parseFlags(flags, argv, env);

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a ConfigError");
}

describe("parseFlags", () => {
  it("gives every default, groups nested", () => {
    expect(parse([])).toEqual({
      path: [],
      verbose: false,
      label: undefined,
      limits: { maxRows: 10, timeoutMs: 500 },
      mode: undefined,
      transport: "stdio",
      host: "127.0.0.1",
      port: 3000,
      logLevel: "info",
      auth: {},
    });
  });

  it("reads flags, which win over the environment, and positionals into their list", () => {
    const config = parse(
      [
        "a",
        "--path",
        "b",
        "--verbose",
        "--max-rows",
        "7",
        "--timeout",
        "9",
        "--transport",
        "sse",
        "--port",
        "0",
      ],
      { DEMO_MAX_ROWS: "50", DEMO_PATHS: "x", DEMO_TRANSPORT: "http" },
    );
    expect(config).toMatchObject({
      path: ["a", "b"],
      verbose: true,
      limits: { maxRows: 7, timeoutMs: 9 },
      transport: "sse",
      port: 0,
    });
  });

  it("falls back to each flag's environment variable; an empty one is unset", () => {
    const config = parse([], {
      DEMO_PATHS: `x${delimiter}${delimiter}y`,
      DEMO_VERBOSE: "yes",
      DEMO_TIMEOUT: "42",
      DEMO_LOG_LEVEL: "silent",
      DEMO_LABEL: "",
      DEMO_MODE: "ignored",
    });
    expect(config).toMatchObject({
      path: ["x", "y"],
      verbose: true,
      limits: { timeoutMs: 42 },
      logLevel: "silent",
    });
    expect(config).toMatchObject({ label: undefined, mode: undefined });
  });

  it("names the flag in each problem, and the variable a bad value came from", () => {
    expect(messageOf(() => parse(["--max-rows", "0", "--port", "x"]))).toBe(
      "--max-rows must be at least 1; --port must be a number",
    );
    expect(messageOf(() => parse([], { DEMO_TRANSPORT: "carrier-pigeon" }))).toBe(
      "--transport (from DEMO_TRANSPORT) must be stdio, http or sse",
    );
    expect(messageOf(() => parse(["--mode", "X"]))).toBe("--mode must be lowercase letters");
    expect(messageOf(() => parse([], { DEMO_VERBOSE: "maybe" }))).toBe(
      "--verbose (from DEMO_VERBOSE) must be 1, true, yes, 0, false or no",
    );
  });

  it("names the nearest known flag for an unknown one", () => {
    expect(messageOf(() => parse(["--prot", "1"]))).toBe("unknown flag --prot (did you mean --port?)");
    expect(messageOf(() => parse(["--lable", "x"]))).toBe("unknown flag --lable (did you mean --label?)");
    expect(messageOf(() => parse(["--max-row=3"]))).toBe("unknown flag --max-row (did you mean --max-rows?)");
  });

  it("refuses a stray argument when the table takes none, and a flag without its value", () => {
    const bare = defineFlags({
      program: "bare",
      summary: "No positionals.",
      envPrefix: "BARE",
      flags: serverFlags,
    });
    expect(messageOf(() => parseFlags(bare, ["extra"], {}))).toMatch(/unexpected argument "extra"/);
    expect(messageOf(() => parseFlags(bare, ["--port"], {}))).toMatch(/--port/);
  });

  it("returns help before checking anything", () => {
    expect(parse(["--help", "--port", "x"])).toBe("help");
  });

  it("writes --help from the table: placeholder, default, environment variable", () => {
    expect(flags.help).toContain("Usage: demo [options] [path...]");
    expect(flags.help).toMatch(/--timeout <ms> +Time budget; default 500 \[DEMO_TIMEOUT\]/);
    expect(flags.help).toMatch(/--verbose +Say more \[DEMO_VERBOSE=1\]/);
    expect(flags.help).toMatch(/--path <path> +A path, repeatable \[DEMO_PATHS, separated by/);
    expect(flags.help).toMatch(/--transport <stdio\|http\|sse> +How clients connect; default stdio/);
    expect(flags.help).toMatch(/--mode <value> +A custom value\n/);
    expect(flags.help).toMatch(/--help +Show this help/);
  });

  it("refuses a table that declares a flag twice", () => {
    expect(() =>
      defineFlags({
        program: "twice",
        summary: "",
        envPrefix: "TWICE",
        flags: { port: serverFlags.port, group: { port: serverFlags.port } },
      }),
    ).toThrow("twice: --port is declared twice");
  });
});

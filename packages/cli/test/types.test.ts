import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { cliDir, fixture, mcpkit } from "./run-mcpkit.js";

/**
 * Type-checks `files` as one project beside the CLI's own (so `@mcpkit/core` resolves): the
 * errors of each file. One program for all, since compiling core's types is most of the time.
 */
function typeErrors(files: Record<string, string>): Record<string, string[]> {
  const directory = join(cliDir, "test", ".tmp", `types-${process.pid}-${Date.now()}`);
  mkdirSync(directory, { recursive: true });
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(directory, name), text);
    const config = ts.getParsedCommandLineOfConfigFile(
      join(cliDir, "tsconfig.json"),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: () => {},
      },
    );
    if (!config) throw new Error("no tsconfig");
    const program = ts.createProgram(
      Object.keys(files).map((name) => join(directory, name)),
      { ...config.options, noEmit: true, skipLibCheck: true },
    );
    const errors: Record<string, string[]> = {};
    for (const name of Object.keys(files)) {
      const file = program.getSourceFile(join(directory, name));
      errors[name] = ts
        .getPreEmitDiagnostics(program, file)
        .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
    }
    return errors;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

describe("mcpkit types", () => {
  it("writes a declaration that types a Client's calls", { timeout: 120_000 }, async () => {
    const outcome = await mcpkit(["types", fixture("demo-server.ts")]);
    expect(outcome.code).toBe(0);
    const declaration = outcome.stdout;
    expect(declaration).toContain("export type DemoTools = {");
    expect(declaration).toContain("/** Add two numbers. */");
    expect(declaration).toContain("      /** First */\n      a: number;\n      b?: number;");
    expect(declaration).toContain("result: Array<{\n        name: string;\n        age: number;\n      }>;");

    const usage = `import { Client } from "@mcpkit/core";
import type { DemoTools } from "./demo-tools.js";

export async function use(client: Client<DemoTools>): Promise<number | undefined> {
  await client.callTool("add", { a: 1 });
  await client.callTool("pixel");
  // @ts-expect-error: a is a number
  await client.callTool("add", { a: "1" });
  // @ts-expect-error: a is required
  await client.callTool("add", {});
  // @ts-expect-error: no such tool
  await client.callTool("subtract", { a: 1 });
  const people = await client.callTool("list_people", { adults: true });
  return people.structuredContent?.result[0]?.age;
}

export const connect = () => Client.connect<DemoTools>("http://127.0.0.1:1/mcp");
`;
    // The check can fail: a wrong use of the declaration is an error.
    const wrong = usage.replace("// @ts-expect-error: a is a number\n", "");
    const errors = typeErrors({ "demo-tools.ts": declaration, "usage.ts": usage, "wrong.ts": wrong });
    expect(errors["demo-tools.ts"]).toEqual([]);
    expect(errors["usage.ts"]).toEqual([]);
    expect(errors["wrong.ts"]?.join("\n")).toContain("Type 'string' is not assignable to type 'number'");
  });

  it("--out writes the file, --name names the type", async () => {
    const directory = join(cliDir, "test", ".tmp", `types-out-${process.pid}`);
    mkdirSync(directory, { recursive: true });
    try {
      const out = join(directory, "tools.ts");
      const outcome = await mcpkit(["types", fixture("demo-server.ts"), "--out", out, "--name", "Demo"]);
      expect(outcome.code).toBe(0);
      expect(outcome.stderr).toContain("wrote Demo (4 tools)");
      expect(readFileSync(out, "utf8")).toContain("export type Demo = {");
      expect((await mcpkit(["types", fixture("demo-server.ts"), "--name", "not a name"])).code).toBe(2);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixture, mcpkit, serveFileArgs, temporaryDirectory } from "./run-mcpkit.js";

const demo = fixture("demo-server.ts");

describe("mcpkit list", () => {
  it("shows tools with their parameters, resources, templates and prompts", async () => {
    const { code, stdout } = await mcpkit(["list", demo]);
    expect(code).toBe(0);
    expect(stdout).toContain("demo 1.2.3 (protocol 2025-11-25)");
    expect(stdout).toContain("add(a: number, b?: integer = 2)\n    Add two numbers.\n      a: First");
    expect(stdout).toContain("list_people(adults?: boolean = false, tags?: string[])");
    expect(stdout).toContain("demo://greeting  (text/plain)\n    A greeting");
    expect(stdout).toContain("Resource templates (1):\n  demo://items/{id}");
    expect(stdout).toContain("review(language, focus?)\n    Review code");
  });

  it("prints raw lists with --json", async () => {
    const listed = JSON.parse((await mcpkit(["list", demo, "--json"])).stdout);
    expect(listed.server).toMatchObject({ name: "demo", version: "1.2.3" });
    expect(listed.tools.map((tool: { name: string }) => tool.name)).toEqual([
      "add",
      "list_people",
      "fail",
      "pixel",
    ]);
    expect(listed.resourceTemplates[0].uriTemplate).toBe("demo://items/{id}");
  });

  it("picks a named export with path:export, and asks for one when a file exports several", async () => {
    const named = await mcpkit(["call", `${fixture("two-servers.ts")}:beta`, "who"]);
    expect(named).toMatchObject({ code: 0, stdout: "beta\n" });
    const ambiguous = await mcpkit(["list", fixture("two-servers.ts")]);
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toContain("exports several servers (alpha, beta)");
    const wrong = await mcpkit(["list", `${fixture("two-servers.ts")}:gamma`]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('has no export named "gamma". It exports: alpha, beta, notAServer');
  });

  it("connects to a stdio command after -- or in --command", async () => {
    const serve = [...serveFileArgs, demo];
    const dashed = await mcpkit(["list", "--json", "--", process.execPath, ...serve]);
    expect(JSON.parse(dashed.stdout).server.name).toBe("demo");
    const called = await mcpkit(["call", "add", "a=2", "--", process.execPath, ...serve]);
    expect(called.stdout).toBe("4\n");
    const option = await mcpkit([
      "call",
      "--command",
      `${process.execPath} ${serve.join(" ")}`,
      "add",
      "a=5",
    ]);
    expect(option.stdout).toBe("7\n");
  });

  it("names the apps for an unknown target, exit code 2", async () => {
    const { code, stderr } = await mcpkit(["list", "wether"]);
    expect(code).toBe(2);
    expect(stderr).toContain('Unknown target "wether"');
    expect(stderr).toContain('Did you mean "weather"?');
    expect(stderr).toMatch(/Apps: .*weather.*all/);
    const missing = await mcpkit(["list", "./nope/server.ts"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("No such file:");
  });

  it("shows the stderr of a server that fails to start, exit code 1", async () => {
    const { code, stderr } = await mcpkit(["list", fixture("broken-server.ts")]);
    expect(code).toBe(1);
    expect(stderr).toContain("Could not connect to");
    expect(stderr).toContain("broken-server: DATABASE_URL is not set");
    const absent = await mcpkit(["list", "--", "/nonexistent/server-binary"]);
    expect(absent.code).toBe(1);
    expect(absent.stderr).toContain("Could not start /nonexistent/server-binary");
  });
});

describe("mcpkit call", () => {
  it("coerces key=value by the input schema and prints logs and progress on stderr", async () => {
    const { code, stdout, stderr } = await mcpkit(["call", demo, "add", "a=1.5", "b=3"]);
    expect(code).toBe(0);
    expect(stdout).toBe("4.5\n");
    expect(stderr).toContain("[info] demo: adding 1.5 and 3");
    expect(stderr).toContain("[##########..........] 50% half");
    expect(stderr).toContain("[####################] 100% done");
  });

  it("prints structured content as a table, with booleans and arrays coerced", async () => {
    const { code, stdout } = await mcpkit(["call", demo, "list_people", "adults=true", 'tags=["Zed"]']);
    expect(code).toBe(0);
    expect(stdout).toBe("name  age\n----  ---\nZed   36\nTim   20\n");
  });

  it("takes --json arguments, which key=value overrides", async () => {
    const { stdout } = await mcpkit(["call", demo, "add", "--json", '{"a": 10, "b": 5}', "b=1"]);
    expect(stdout).toBe("11\n");
    const raw = JSON.parse((await mcpkit(["call", demo, "add", "a=1", "--raw"])).stdout);
    expect(raw).toEqual({ content: [{ type: "text", text: "3" }] });
  });

  it("exits 1 with the tool's message on isError", async () => {
    const { code, stdout, stderr } = await mcpkit(["call", demo, "fail", "reason=disk full"]);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toContain("failed: disk full");
    const invalid = await mcpkit(["call", demo, "add"]);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain("Invalid arguments for tool add: a:");
  });

  it("saves images to files and prints where", async () => {
    using out = temporaryDirectory();
    const { code, stdout } = await mcpkit(["call", demo, "pixel", "--out", out.path]);
    expect(code).toBe(0);
    const path = join(out.path, "image-1.png");
    expect(stdout).toBe(`one pixel:\n[image image/png saved to ${path}]\n`);
    expect(readFileSync(path).subarray(1, 4).toString()).toBe("PNG");
  });

  it("suggests close tool names and rejects bad values, exit code 2", async () => {
    const unknown = await mcpkit(["call", demo, "ad", "a=1"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(
      'Unknown tool "ad". Did you mean "add"? Tools: add, list_people, fail, pixel',
    );
    const notNumber = await mcpkit(["call", demo, "add", "a=lots"]);
    expect(notNumber.code).toBe(2);
    expect(notNumber.stderr).toContain('a must be a number, got "lots"');
    const badJson = await mcpkit(["call", demo, "add", "--json", "{a:1}"]);
    expect(badJson.code).toBe(2);
    expect(badJson.stderr).toContain("--json is not valid JSON");
    const noEquals = await mcpkit(["call", demo, "add", "a"]);
    expect(noEquals.code).toBe(2);
    expect(noEquals.stderr).toContain('Arguments are key=value, got "a"');
    const noTool = await mcpkit(["call", demo]);
    expect(noTool.code).toBe(2);
  });
});

describe("mcpkit read and prompt", () => {
  it("reads static and templated resources", async () => {
    expect(await mcpkit(["read", demo, "demo://greeting"])).toMatchObject({
      code: 0,
      stdout: "hello from demo\n",
    });
    const item = await mcpkit(["read", demo, "demo://items/7"]);
    expect(JSON.parse(item.stdout)).toEqual({ id: "7", label: "item 7" });
  });

  it("exits 1 for an unknown resource, naming the ones that exist", async () => {
    const { code, stderr } = await mcpkit(["read", demo, "demo://greetings"]);
    expect(code).toBe(1);
    expect(stderr).toContain('Resource not found: demo://greetings. Did you mean "demo://greeting"?');
    expect(stderr).toContain("demo://items/{id}");
  });

  it("gets a prompt, and checks its name and arguments", async () => {
    const ok = await mcpkit(["prompt", demo, "review", "language=Rust", "focus=safety"]);
    expect(ok).toMatchObject({
      code: 0,
      stdout: "# Review code\n\nuser: Review this Rust code for safety.\n",
    });
    const unknown = await mcpkit(["prompt", demo, "reveiw"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Did you mean "review"?');
    const badArgument = await mcpkit(["prompt", demo, "review", "lang=Rust"]);
    expect(badArgument.code).toBe(2);
    expect(badArgument.stderr).toContain('Unknown argument "lang". Did you mean "language"?');
    const missing = await mcpkit(["prompt", demo, "review"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("Invalid arguments for prompt review: language:");
  });

  it("does not leave files behind when nothing is binary", () => {
    expect(existsSync(join(import.meta.dirname, "image-1.png"))).toBe(false);
  });
});

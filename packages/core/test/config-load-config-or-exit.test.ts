import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

describe("loadConfigOrExit", () => {
  const index = new URL("../src/index.ts", import.meta.url).href;
  const run = (load: string) =>
    spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "--input-type=module",
        "-e",
        `import { ConfigError, loadConfigOrExit } from ${JSON.stringify(index)};
         const config = loadConfigOrExit("demo", "Usage: demo\\n", () => { ${load} });
         process.stdout.write("config " + JSON.stringify(config) + "\\n");`,
      ],
      { encoding: "utf8", timeout: 120_000 }, // catches a hang only: a busy machine is slow to load tsx
    );

  it("returns the config", () => {
    const result = run(`return { port: 1 };`);
    expect(result).toMatchObject({ status: 0, stdout: 'config {"port":1}\n', stderr: "" });
  });

  it("prints the help to stdout and exits 0", () => {
    const result = run(`return "help";`);
    expect(result).toMatchObject({ status: 0, stdout: "Usage: demo\n", stderr: "" });
  });

  it("prints a ConfigError with the program's name and exits 2", () => {
    const result = run(`throw new ConfigError("--port must be a number");`);
    expect(result).toMatchObject({
      status: 2,
      stdout: "",
      stderr: "demo: --port must be a number\nRun with --help for usage.\n",
    });
  });

  it("rethrows any other error, which is a bug rather than a bad flag", () => {
    const result = run(`throw new TypeError("boom");`);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("TypeError: boom");
    expect(result.stderr).not.toContain("Run with --help");
  });
});

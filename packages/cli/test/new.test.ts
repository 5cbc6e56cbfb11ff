import { execFile, execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join, relative } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { nameForms, renameText } from "../src/rename.js";
import { cliDir, mcpkit, temporaryDirectory, workspaceDir } from "./run-mcpkit.js";

const scratch = join(cliDir, "test", ".tmp");
const cleanups: string[] = [];
afterEach(() => {
  for (const path of cleanups.splice(0)) rmSync(path, { recursive: true, force: true });
});

function filesUnder(directory: string): string[] {
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !join(entry.parentPath, entry.name).includes("node_modules"))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe("mcpkit new", () => {
  it("copies an app inside the workspace with every name rewritten, and its tests pass", {
    timeout: 60_000,
  }, async () => {
    mkdirSync(scratch, { recursive: true });
    const parent = mkdtempSync(join(scratch, "new-"));
    cleanups.push(parent);
    const destination = join(parent, "trail-notes");
    const { code, stdout } = await mcpkit(["new", "trail-notes", "--from", "weather", "--dir", destination]);
    expect(code).toBe(0);
    expect(stdout).toContain("Created trail-notes from weather");
    expect(stdout).toContain("pnpm install");
    const manifest = JSON.parse(readFileSync(join(destination, "package.json"), "utf8"));
    expect(manifest.name).toBe("@mcpkit/trail-notes");
    expect(manifest.dependencies["@mcpkit/core"]).toBe("workspace:*");
    const server = readFileSync(join(destination, "src", "server.ts"), "utf8");
    expect(server).toContain("export function createTrailNotesServer(");
    const leftovers = filesUnder(destination).filter(
      (file) => /weather/i.test(readFileSync(file, "utf8")) || /weather/i.test(relative(destination, file)),
    );
    expect(leftovers).toEqual([]);
    expect(readFileSync(join(destination, "vitest.config.ts"), "utf8")).toContain(
      `"${relative(destination, workspaceDir)}/vitest.shared.ts"`,
    );

    // The copied tests run as they are (config and the spawned stdio server test).
    const vitest = join(destination, "node_modules", "vitest", "vitest.mjs");
    const result = await new Promise<{ code: number; output: string }>((resolve) => {
      execFile(
        process.execPath,
        [vitest, "run", "src/config.test.ts", "src/main.test.ts"],
        { cwd: destination, timeout: 50_000 },
        (error, out, err) => resolve({ code: error ? 1 : 0, output: out + err }),
      );
    });
    expect(result.output).toMatch(/Test Files\s+.*2 passed/);
    expect(result.code).toBe(0);
  });

  it("makes a standalone project outside the workspace, with core packed into vendor/", {
    timeout: 60_000,
  }, async () => {
    using dir = temporaryDirectory();
    const destination = join(dir.path, "my-sql");
    const { code, stdout } = await mcpkit(["new", "my-sql", "--from", "sqlite", "--dir", destination]);
    expect(code).toBe(0);
    expect(stdout).toContain("standalone");
    expect(stdout).toContain("npm install");
    const manifest = JSON.parse(readFileSync(join(destination, "package.json"), "utf8"));
    expect(manifest.name).toBe("my-sql");
    expect(manifest.dependencies["@mcpkit/core"]).toMatch(/^file:vendor\/mcpkit-core-0\.1\.0\.tgz$/);
    // The app's other workspace dependency comes along packed too, its core met by the vendored one.
    expect(manifest.dependencies["@mcpkit/redis"]).toBe("file:vendor/mcpkit-redis-0.1.0.tgz");
    const redis = JSON.parse(
      execFileSync(
        "tar",
        ["-xzOf", join(destination, "vendor", "mcpkit-redis-0.1.0.tgz"), "package/package.json"],
        {
          encoding: "utf8",
        },
      ),
    );
    expect(redis.dependencies["@mcpkit/core"]).toBe("*");
    expect(JSON.stringify(redis.exports)).not.toContain("@mcpkit/source");
    const all = { ...manifest.dependencies, ...manifest.devDependencies };
    for (const [name, range] of Object.entries(all))
      expect(`${name}@${range}`).not.toMatch(/catalog:|workspace:/);
    const tarball = join(destination, "vendor", "mcpkit-core-0.1.0.tgz");
    const packed = JSON.parse(
      execFileSync("tar", ["-xzOf", tarball, "package/package.json"], { encoding: "utf8" }),
    );
    expect(packed.exports["."]["@mcpkit/source"]).toBeUndefined();
    expect(packed.dependencies["@modelcontextprotocol/sdk"]).toMatch(/^\d/);
    const listing = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" });
    expect(listing).toContain("package/dist/index.js");
    expect(listing).toContain("package/dist/index.d.ts");
    const tsconfig = JSON.parse(readFileSync(join(destination, "tsconfig.json"), "utf8"));
    expect(tsconfig.extends).toBeUndefined();
    expect(tsconfig.compilerOptions.strict).toBe(true);
    expect(readFileSync(join(destination, "vitest.config.ts"), "utf8")).not.toContain("../../");
    expect(existsSync(join(destination, "node_modules"))).toBe(false);
    // Its "lint" script (biome check .) has what it needs: biome itself and the house rules, and passes.
    expect(manifest.scripts.lint).toBe("biome check .");
    expect(manifest.devDependencies["@biomejs/biome"]).toMatch(/^\d/);
    expect(existsSync(join(destination, "biome.json"))).toBe(true);
    const biome = join(workspaceDir, "node_modules", ".bin", "biome");
    expect(() => execFileSync(biome, ["check", "."], { cwd: destination, encoding: "utf8" })).not.toThrow();
  });

  it("rejects bad names, unknown templates and occupied directories", async () => {
    const badName = await mcpkit(["new", "My Server"]);
    expect(badName.code).toBe(2);
    expect(badName.stderr).toContain("kebab-case");
    const unknown = await mcpkit(["new", "x", "--from", "wether"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Did you mean "weather"?');
    using dir = temporaryDirectory();
    writeFileSync(join(dir.path, "keep.txt"), "mine");
    const occupied = await mcpkit(["new", "x", "--dir", dir.path]);
    expect(occupied.code).toBe(1);
    expect(occupied.stderr).toContain("already exists and is not empty");
    expect(readdirSync(dir.path)).toEqual(["keep.txt"]);
  });
});

describe("renameText", () => {
  const weather = nameForms("weather");
  const notes = nameForms("trail-notes");

  it("rewrites each spelling by context in code", () => {
    const code = [
      'import { createWeatherServer } from "./weather-report.js";',
      'const weather = createWeatherServer({ name: "weather" });',
      "const port = process.env.WEATHER_PORT; // weather port",
      'mcp.tool({ name: "get_weather" });',
      "expect(text).toMatch(/^weather: ok/);",
      "const ratio = a / weatherScale / 2;",
    ].join("\n");
    expect(renameText(code, weather, notes, true)).toBe(
      [
        'import { createTrailNotesServer } from "./trail-notes-report.js";',
        'const trailNotes = createTrailNotesServer({ name: "trail-notes" });',
        "const port = process.env.TRAIL_NOTES_PORT; // trail-notes port",
        'mcp.tool({ name: "get_trail_notes" });',
        "expect(text).toMatch(/^trail-notes: ok/);",
        "const ratio = a / trailNotesScale / 2;",
      ].join("\n"),
    );
  });

  it("rewrites multi-word names in all their forms and leaves longer words alone", () => {
    const from = nameForms("file-manager");
    const to = nameForms("doc-store");
    const text = "file-manager file_manager fileManager FileManager FILE_MANAGER file-managers weatherproof";
    expect(renameText(text, from, to, false)).toBe(
      "doc-store doc_store docStore DocStore DOC_STORE file-managers weatherproof",
    );
    expect(renameText("weatherproof Weathering", weather, notes, true)).toBe("weatherproof Weathering");
  });
});

import { execFileSync } from "node:child_process";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { defineCommand } from "../command.js";
import { packCore, packWorkspacePackage, pinDependencies, readCatalog } from "../core-tarball.js";
import { CliError, UsageError } from "../errors.js";
import { nameForms, renameText } from "../rename.js";
import { didYouMean } from "../suggest.js";
import { findWorkspace, isInside, listApps } from "../workspace.js";

const DEFAULT_TEMPLATE = "weather";
const SKIPPED = new Set(["node_modules", "dist", ".turbo", "coverage"]);
const TEXT = /\.(ts|mts|cts|js|mjs|json|md|ya?ml|txt|sql|env|example|gitignore)$/;

export const newCommand = defineCommand({
  name: "new",
  summary: "Start a new server from one of the reference apps",
  help: `Usage: mcpkit new <name> [--from <app>] [--dir <path>] [--install]

Copies a reference app as the start of a new server: the package is renamed, every spelling of
the app's name in code, tests and docs is rewritten (createWeatherServer -> createNotesServer,
WEATHER_PORT -> NOTES_PORT, "weather" -> "notes"), and its tests come along and pass.

Inside this workspace (the default, apps/<name>) the new app joins the monorepo: run
"pnpm install" once to register it. Anywhere else it becomes a standalone npm project that
installs and tests on its own: versions are pinned and @mcpkit/core (with @mcpkit/redis when the
app uses it), which are not on npm, are packed into vendor/ and referenced as file:vendor/<tarball>.

Options:
  --from <app>   The app to copy (default ${DEFAULT_TEMPLATE})
  --dir <path>   Where to create it (default apps/<name> in the workspace)
  --install      Standalone only: run npm install in the new project
  -h, --help     Show this help

Examples:
  mcpkit new notes --from file-manager
  mcpkit new my-weather --dir ~/code/my-weather --install`,
  options: { from: { type: "string" }, dir: { type: "string" }, install: { type: "boolean" } },
  async run({ values, positionals }) {
    const [name, ...extra] = positionals;
    if (!name) throw new UsageError("Missing the name: mcpkit new <name> [--from <app>]");
    if (extra.length > 0) throw new UsageError(`Unexpected arguments: ${extra.join(" ")}`);
    if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name) || name.length > 50) {
      throw new UsageError(
        `The name must be kebab-case (lowercase letters, digits and single dashes), got "${name}"`,
      );
    }
    const workspace = findWorkspace();
    if (!workspace)
      throw new CliError("mcpkit new copies a reference app, so it runs from the mcpkit repository");
    const apps = listApps(workspace);
    const from = values.from ?? DEFAULT_TEMPLATE;
    if (!apps.includes(from))
      throw new UsageError(`Unknown app "${from}".${didYouMean(from, apps)} Apps: ${apps.join(", ")}`);
    if (name === from) throw new UsageError(`The new server needs a name other than "${from}"`);
    const destination = resolve(values.dir ?? join(workspace, "apps", name));
    if (existsSync(destination) && readdirSync(destination).length > 0) {
      throw new CliError(`${destination} already exists and is not empty; choose another --dir or name`);
    }
    const inWorkspace = isInside(destination, workspace);
    const source = join(workspace, "apps", from);
    const written = copyTemplate(source, destination, from, name);
    if (inWorkspace) {
      pointAtWorkspace(destination, workspace);
      linkDependencies(source, destination);
    } else makeStandalone(workspace, destination, name);
    formatCopy(workspace, destination);
    if (!inWorkspace && values.install)
      execFileSync("npm", ["install", "--no-audit", "--no-fund"], { cwd: destination, stdio: "inherit" });
    const where = relative(process.cwd(), destination) || ".";
    const next = inWorkspace
      ? [
          `cd ${where}`,
          "pnpm install   # registers the new package in the workspace",
          "pnpm test",
          "pnpm dev",
        ]
      : [`cd ${where}`, ...(values.install ? [] : ["npm install"]), "npm test", "npm run dev"];
    process.stdout.write(
      `Created ${name} from ${from} in ${destination} (${written} files${inWorkspace ? "" : ", standalone"}).\nNext:\n${next.map((line) => `  ${line}`).join("\n")}\n`,
    );
    return 0;
  },
});

/** Copies the app's files, renaming names in paths and text; returns how many files were written. */
function copyTemplate(source: string, destination: string, from: string, to: string): number {
  const fromForms = nameForms(from);
  const toForms = nameForms(to);
  let count = 0;
  const walk = (directory: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      if (SKIPPED.has(entry.name) || entry.name.endsWith(".tsbuildinfo")) continue;
      const path = join(directory, entry.name);
      if (entry.isDirectory()) {
        walk(path);
        continue;
      }
      if (!entry.isFile()) continue;
      const target = join(destination, renameText(relative(source, path), fromForms, toForms, false));
      mkdirSync(dirname(target), { recursive: true });
      const content = readFileSync(path);
      const isText = TEXT.test(entry.name) && !content.includes(0);
      writeFileSync(
        target,
        isText
          ? renameText(content.toString("utf8"), fromForms, toForms, /\.[cm]?[jt]s$/.test(entry.name))
          : content,
      );
      count++;
    }
  };
  walk(source);
  const manifestPath = join(destination, "package.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as Record<string, unknown>;
  manifest.name = `@mcpkit/${to}`;
  manifest.version = "0.1.0";
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return count;
}

/** Apps reach the shared configs as `../../`; a copy elsewhere in the workspace needs its own path to them. */
function pointAtWorkspace(destination: string, workspace: string): void {
  const root = relative(destination, workspace).split("\\").join("/");
  for (const file of ["tsconfig.json", "vitest.config.ts"]) {
    const path = join(destination, file);
    if (existsSync(path)) writeFileSync(path, readFileSync(path, "utf8").replaceAll('"../../', `"${root}/`));
  }
}

/**
 * Links the new app's dependencies to the template's (the same list), so it runs and tests right
 * away; `pnpm install` later replaces these links with its own.
 */
function linkDependencies(source: string, destination: string): void {
  const walk = (from: string, to: string) => {
    if (!existsSync(from)) return;
    mkdirSync(to, { recursive: true });
    for (const entry of readdirSync(from)) {
      const path = join(from, entry);
      const link = join(to, entry);
      if (lstatSync(path).isSymbolicLink() || entry === ".bin") {
        if (entry === ".bin") walk(path, link);
        else symlinkSync(realpathSync(path), link);
      } else if (lstatSync(path).isDirectory()) {
        walk(path, link);
      } else {
        writeFileSync(link, readFileSync(path), { mode: lstatSync(path).mode });
      }
    }
  };
  walk(join(source, "node_modules"), join(destination, "node_modules"));
}

/**
 * Renaming changes line lengths and the order of imports, so the copy gets the workspace biome's
 * safe fixes (format, sorted imports): the new project's own "lint" script passes from the start.
 * Best effort: skipped when biome is not installed, and what it cannot fix is left for lint to show.
 */
function formatCopy(workspace: string, destination: string): void {
  const biome = join(workspace, "node_modules", ".bin", "biome");
  if (!existsSync(biome)) return;
  try {
    execFileSync(biome, ["check", "--write", "--no-errors-on-unmatched", "."], {
      cwd: destination,
      stdio: "ignore",
    });
  } catch {
    // Left for the project's lint script to report.
  }
}

/** Turns a copied app into a project of its own: pinned versions, inlined configs, core packed into vendor/. */
function makeStandalone(workspace: string, destination: string, name: string): void {
  const tarball = packCore(workspace, join(destination, "vendor"));
  const catalog = readCatalog(workspace);
  const manifestPath = join(destination, "package.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as Record<
    string,
    Record<string, string> | unknown
  >;
  // Every other workspace package the app uses (@mcpkit/redis) is packed into vendor/ as well.
  const local = (dependency: string) =>
    `file:vendor/${dependency === "@mcpkit/core" ? tarball : packWorkspacePackage(workspace, dependency, join(destination, "vendor"))}`;
  manifest.name = name;
  manifest.dependencies = pinDependencies(manifest.dependencies as Record<string, string>, catalog, local);
  // In the workspace the root provides biome for each app's "lint" script; a project of its own must carry it.
  const devDependencies = { ...(manifest.devDependencies as Record<string, string> | undefined) };
  if (JSON.stringify(manifest.scripts ?? {}).includes("biome "))
    devDependencies["@biomejs/biome"] ??= "catalog:";
  manifest.devDependencies = pinDependencies(devDependencies, catalog, local);
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  const biome = JSON.parse(readFileSync(join(workspace, "biome.json"), "utf8")) as Record<string, unknown>;
  // The house rules come along; the workspace's git settings do not (the copy may not be a repository yet).
  biome.vcs = { enabled: false };
  writeFileSync(join(destination, "biome.json"), `${JSON.stringify(biome, null, 2)}\n`);

  const base = JSON.parse(readFileSync(join(workspace, "tsconfig.base.json"), "utf8")) as {
    compilerOptions: Record<string, unknown>;
  };
  const tsconfigPath = join(destination, "tsconfig.json");
  const tsconfig = JSON.parse(readFileSync(tsconfigPath, "utf8")) as {
    extends?: string;
    compilerOptions?: Record<string, unknown>;
  };
  delete tsconfig.extends;
  tsconfig.compilerOptions = { ...base.compilerOptions, ...tsconfig.compilerOptions };
  writeFileSync(tsconfigPath, `${JSON.stringify(tsconfig, null, 2)}\n`);

  writeFileSync(
    join(destination, "vitest.config.ts"),
    `import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { conditions: ["@mcpkit/source", "module", "node", "import", "default"] },
  ssr: { resolve: { conditions: ["@mcpkit/source", "node", "import", "default"] } },
  test: { include: ["src/**/*.test.ts"], testTimeout: 20_000, hookTimeout: 20_000 },
});
`,
  );
  const ignore = join(destination, ".gitignore");
  if (!existsSync(ignore)) writeFileSync(ignore, "node_modules/\ndist/\n");
}

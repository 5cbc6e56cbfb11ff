import { execFileSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CliError } from "./errors.js";

/** Versions pinned in pnpm-workspace.yaml's `catalog:` (the simple `name: version` lines). */
export function readCatalog(workspace: string): Record<string, string> {
  const catalog: Record<string, string> = {};
  let inside = false;
  for (const line of readFileSync(join(workspace, "pnpm-workspace.yaml"), "utf8").split("\n")) {
    if (/^catalog:\s*$/.test(line)) {
      inside = true;
      continue;
    }
    if (inside && /^\S/.test(line)) inside = false;
    const found = inside ? /^\s+"?([^":]+?)"?:\s*"?([^"\s]+)"?\s*$/.exec(line) : null;
    if (found?.[1] && found[2]) catalog[found[1]] = found[2];
  }
  return catalog;
}

/** Replaces `catalog:` with the pinned version and `workspace:` with `workspaceVersion(name)`. */
export function pinDependencies(
  dependencies: Record<string, string> | undefined,
  catalog: Record<string, string>,
  workspaceVersion: (name: string) => string,
): Record<string, string> | undefined {
  if (!dependencies) return undefined;
  const pinned: Record<string, string> = {};
  for (const [name, range] of Object.entries(dependencies)) {
    if (range === "catalog:") {
      const version = catalog[name];
      if (!version)
        throw new CliError(`${name} is "catalog:" but pnpm-workspace.yaml pins no version for it`);
      pinned[name] = version;
    } else if (range.startsWith("workspace:")) {
      pinned[name] = workspaceVersion(name);
    } else {
      pinned[name] = range;
    }
  }
  return pinned;
}

/**
 * Builds @mcpkit/core (to a temporary directory, leaving the workspace untouched) and packs it as
 * an npm tarball into `destination`, since it is not published: its dependencies pinned, and
 * without the workspace-only `@mcpkit/source` export condition. Returns the tarball's file name.
 */
export function packCore(workspace: string, destination: string): string {
  const coreDir = join(workspace, "packages", "core");
  const staging = mkdtempSync(join(tmpdir(), "mcpkit-core-pack-"));
  try {
    const tsc = join(workspace, "node_modules", "typescript", "bin", "tsc");
    execFileSync(
      process.execPath,
      [tsc, "-p", join(coreDir, "tsconfig.build.json"), "--outDir", join(staging, "dist")],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    const manifest = JSON.parse(readFileSync(join(coreDir, "package.json"), "utf8")) as Record<
      string,
      unknown
    >;
    const exports = manifest.exports as Record<string, Record<string, string>>;
    const root = { ...exports["."] };
    delete root["@mcpkit/source"];
    const catalog = readCatalog(workspace);
    const packed = {
      ...manifest,
      exports: { ".": root },
      files: ["dist"],
      dependencies: pinDependencies(manifest.dependencies as Record<string, string>, catalog, () => "*"),
      devDependencies: undefined,
      scripts: undefined,
    };
    writeFileSync(join(staging, "package.json"), `${JSON.stringify(packed, null, 2)}\n`);
    mkdirSync(destination, { recursive: true });
    execFileSync("npm", ["pack", "--silent", "--pack-destination", destination], {
      cwd: staging,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const tarball = readdirSync(destination).find(
      (name) => name.startsWith("mcpkit-core-") && name.endsWith(".tgz"),
    );
    if (!tarball) throw new CliError("npm pack produced no tarball for @mcpkit/core");
    return tarball;
  } catch (error) {
    if (error instanceof CliError) throw error;
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? "";
    const stdout = (error as { stdout?: Buffer }).stdout?.toString() ?? "";
    throw new CliError(`Could not build and pack @mcpkit/core: ${stdout}${stderr}`.trim(), 1, {
      cause: error,
    });
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Packs another workspace package (`@mcpkit/redis`, say) into `destination` the way `packCore`
 * packs core: its built `dist` (built through turbo first, with core, when missing), its
 * dependencies pinned (a workspace dependency as "*", met by the vendored core), and without the
 * `@mcpkit/source` condition. Returns the tarball's file name.
 */
export function packWorkspacePackage(workspace: string, name: string, destination: string): string {
  const packageDir = findWorkspacePackage(workspace, name);
  const staging = mkdtempSync(join(tmpdir(), "mcpkit-package-pack-"));
  try {
    if (!existsSync(join(packageDir, "dist"))) {
      const turbo = join(workspace, "node_modules", "turbo", "bin", "turbo");
      execFileSync(
        process.execPath,
        [turbo, "run", "build", `--filter=${name}`, "--output-logs=errors-only"],
        {
          cwd: workspace,
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
    }
    cpSync(join(packageDir, "dist"), join(staging, "dist"), {
      recursive: true,
      filter: (source) => !source.endsWith(".map"),
    });
    const manifest = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as Record<
      string,
      unknown
    >;
    const exports: Record<string, Record<string, string>> = {};
    for (const [path, conditions] of Object.entries(
      manifest.exports as Record<string, Record<string, string>>,
    )) {
      const { "@mcpkit/source": _source, ...rest } = conditions;
      exports[path] = rest;
    }
    const packed = {
      ...manifest,
      exports,
      files: ["dist"],
      dependencies: pinDependencies(
        manifest.dependencies as Record<string, string>,
        readCatalog(workspace),
        () => "*",
      ),
      devDependencies: undefined,
      scripts: undefined,
    };
    writeFileSync(join(staging, "package.json"), `${JSON.stringify(packed, null, 2)}\n`);
    mkdirSync(destination, { recursive: true });
    const tarball = execFileSync("npm", ["pack", "--silent", "--pack-destination", destination], {
      cwd: staging,
      stdio: ["ignore", "pipe", "pipe"],
      encoding: "utf8",
    })
      .trim()
      .split("\n")
      .pop();
    if (!tarball) throw new CliError(`npm pack produced no tarball for ${name}`);
    return tarball;
  } catch (error) {
    if (error instanceof CliError) throw error;
    const stderr = (error as { stderr?: Buffer | string }).stderr?.toString() ?? "";
    const stdout = (error as { stdout?: Buffer | string }).stdout?.toString() ?? "";
    throw new CliError(`Could not build and pack ${name}: ${stdout}${stderr}`.trim(), 1, { cause: error });
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** The folder of the workspace package called `name` (under packages/ or apps/). */
function findWorkspacePackage(workspace: string, name: string): string {
  for (const group of ["packages", "apps"]) {
    for (const entry of readdirSync(join(workspace, group), { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const manifest = join(workspace, group, entry.name, "package.json");
      if (!existsSync(manifest)) continue;
      if ((JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === name)
        return join(workspace, group, entry.name);
    }
  }
  throw new CliError(`${name} is not a package of this workspace`);
}

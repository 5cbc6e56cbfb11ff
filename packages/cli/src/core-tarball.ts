import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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

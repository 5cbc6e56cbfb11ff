import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { findWorkspace } from "./workspace.js";

/** Where an app starts: its built `dist/main.js` when the build is current, else `src/main.ts`. */
export interface AppEntry {
  file: string;
  built: boolean;
}

/**
 * The entry that runs app `dir` fastest and still runs what its source says: plain node on
 * `dist/main.js` when the app and core are built and no source file is newer than their builds,
 * otherwise the TypeScript source (through tsx), so an edit is never silently ignored.
 */
export function appEntry(dir: string): AppEntry {
  return builtOrSource(dir, "main");
}

/**
 * `dir/dist/<name>.js` when it exists and the builds of `dir` and of core are current, else
 * `dir/src/<name>.ts`. Outside the workspace (an installed package) there is only the build.
 */
export function builtOrSource(dir: string, name: string): AppEntry {
  const built = join(dir, "dist", `${name}.js`);
  const source = join(dir, "src", `${name}.ts`);
  if (!existsSync(source)) return { file: built, built: true };
  const workspace = findWorkspace();
  const core = workspace ? join(workspace, "packages", "core") : undefined;
  const packages = core && core !== dir ? [dir, core] : [dir];
  if (existsSync(built) && packages.every(isBuildCurrent)) return { file: built, built: true };
  return { file: source, built: false };
}

/** Whether `dir/dist` holds a file at least as new as every non-test source file in `dir/src`. */
function isBuildCurrent(dir: string): boolean {
  const dist = join(dir, "dist");
  if (!existsSync(dist)) return false;
  if (!existsSync(join(dir, "src"))) return true;
  return newestChange(join(dir, "src"), (name) => !/\.test\.tsx?$/.test(name)) <= newestChange(dist);
}

function newestChange(dir: string, include: (name: string) => boolean = () => true): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !include(entry.name)) continue;
    newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

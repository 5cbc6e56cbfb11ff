import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import type { ZipEntry } from "./zip.js";

interface Manifest {
  name: string;
  version: string;
  files?: string[];
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  publishConfig?: { exports?: unknown };
  [key: string]: unknown;
}

const readManifest = (dir: string) => JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Manifest;

/**
 * The app at `appDir` as it runs from a bundle: its published files under `server/`, and every
 * production dependency, transitively, in a flat `node_modules/` beside it (a second version of a
 * package goes under its dependent's own node_modules). Dependencies are copied as this
 * workspace installed them, so native addons come with their compiled binaries, for this
 * platform; workspace packages (core) contribute only what they publish.
 */
export function bundleFiles(appDir: string): ZipEntry[] {
  const files: ZipEntry[] = [];
  const placed = new Map<string, string>(); // bundle path of a placed package -> its real directory
  const queue: Array<{ dir: string; at: string }> = [{ dir: realpathSync(appDir), at: "server" }];
  placed.set("server", queue[0]?.dir ?? "");
  for (let item = queue.shift(); item; item = queue.shift()) {
    const manifest = readManifest(item.dir);
    files.push(...packageFiles(item.dir, manifest, item.at));
    const wanted = { ...manifest.optionalDependencies, ...manifest.dependencies };
    for (const name of Object.keys(wanted)) {
      const found = findPackage(name, item.dir);
      if (!found) {
        if (manifest.optionalDependencies?.[name]) continue; // another platform's binary
        throw new Error(`${manifest.name} depends on ${name}, which is not installed`);
      }
      const hoisted = `node_modules/${name}`;
      const at = !placed.has(hoisted) || placed.get(hoisted) === found ? hoisted : `${item.at}/${hoisted}`;
      if (placed.get(at) === found) continue;
      placed.set(at, found);
      queue.push({ dir: found, at });
    }
  }
  return files;
}

/** Where Node would find package `name` from `from`: the nearest node_modules/<name>, resolved. */
function findPackage(name: string, from: string): string | undefined {
  for (let directory = from; ; directory = dirname(directory)) {
    const candidate = join(directory, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return realpathSync(candidate);
    if (dirname(directory) === directory) return undefined;
  }
}

/**
 * A package's files as they should run: a workspace package's `files` (what it publishes) with
 * its publishConfig applied, or an installed package as it is, less a native addon's sources and
 * build leftovers (only the compiled `.node` files of build/ are needed).
 */
function packageFiles(dir: string, manifest: Manifest, at: string): ZipEntry[] {
  const installed = dir.split(sep).includes("node_modules");
  const native = existsSync(join(dir, "binding.gyp"));
  const include = installed ? () => true : publishedMatcher(manifest.files ?? []);
  const out: ZipEntry[] = [];
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = relative(dir, join(entry.parentPath, entry.name)).split(sep).join("/");
    if (path === "package.json" || path.split("/").includes("node_modules")) continue;
    if (native && (/^(deps|src)\//.test(path) || (path.startsWith("build/") && !path.endsWith(".node"))))
      continue;
    if (!include(path)) continue;
    const full = join(dir, path);
    out.push({ path: `${at}/${path}`, data: readFileSync(full), mode: statSync(full).mode & 0o777 });
  }
  const { publishConfig, devDependencies: _dev, scripts: _scripts, ...rest } = manifest;
  const published = installed ? manifest : { ...rest, ...publishConfig };
  out.push({
    path: `${at}/package.json`,
    data: Buffer.from(`${JSON.stringify(published, null, 2)}\n`),
    mode: 0o644,
  });
  return out;
}

/** Whether a path is published under package.json `files`: a folder, a file, or a `*`/`**` glob. */
function publishedMatcher(patterns: string[]): (path: string) => boolean {
  const matchers = patterns.map((pattern) => {
    if (!pattern.includes("*")) return (path: string) => path === pattern || path.startsWith(`${pattern}/`);
    const source = pattern
      .split("**/")
      .map((part) => part.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*"))
      .join("(?:.*/)?");
    const regex = new RegExp(`^${source}$`);
    return (path: string) => regex.test(path);
  });
  return (path) => /^(README|LICENSE)/i.test(path) || matchers.some((matches) => matches(path));
}

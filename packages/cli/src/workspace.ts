import { existsSync, readdirSync } from "node:fs";
import { dirname, isAbsolute, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/** This CLI package's directory. */
export const cliDir = fileURLToPath(new URL("..", import.meta.url));

/** The mcpkit monorepo this CLI runs from, when it runs from one (it has `pnpm-workspace.yaml` and `apps/`). */
export function findWorkspace(): string | undefined {
  let directory = cliDir;
  for (;;) {
    if (existsSync(join(directory, "pnpm-workspace.yaml")) && existsSync(join(directory, "apps")))
      return directory;
    const parent = dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}

/** Reference apps with a runnable source entry (`apps/<name>/src/main.ts`), sorted. */
export function listApps(workspace = findWorkspace()): string[] {
  if (!workspace) return [];
  const apps = join(workspace, "apps");
  return readdirSync(apps, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(apps, entry.name, "src", "main.ts")))
    .map((entry) => entry.name)
    .sort();
}

export function appDir(name: string, workspace = findWorkspace()): string | undefined {
  if (!workspace || !listApps(workspace).includes(name)) return undefined;
  return join(workspace, "apps", name);
}

/** Whether `path` lies inside `directory`. */
export function isInside(path: string, directory: string): boolean {
  const between = relative(directory, path);
  return between === "" || (!between.startsWith("..") && !isAbsolute(between));
}

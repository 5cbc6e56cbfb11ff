import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { appEntry } from "./built-entry.js";
import { CliError } from "./errors.js";
import { findWorkspace } from "./workspace.js";

/**
 * A client starts the server long after this command, with plain node, so the entry it gets is
 * the app's build: build it now (with its dependencies, through turbo) if it is missing or stale.
 */
export function ensureBuilt(name: string, dir: string): void {
  if (appEntry(dir).built) return;
  const workspace = findWorkspace() ?? dir;
  const pkg = (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name: string }).name;
  process.stderr.write(`mcpkit: building ${pkg} so the client can start it with plain node\n`);
  const turbo = join(workspace, "node_modules", "turbo", "bin", "turbo");
  const built = spawnSync(
    process.execPath,
    [turbo, "run", "build", `--filter=${pkg}`, "--output-logs=errors-only"],
    {
      cwd: workspace,
      stdio: ["ignore", "pipe", "pipe"],
      encoding: "utf8",
    },
  );
  if (built.status !== 0 || !appEntry(dir).built) {
    throw new CliError(
      `Could not build ${name} (${built.error?.message ?? `exit ${built.status}`}):\n${built.stdout}${built.stderr}\nRun "pnpm build" in ${workspace} and install again.`,
    );
  }
}

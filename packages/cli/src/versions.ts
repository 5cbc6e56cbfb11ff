import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function readVersion(manifest: string): string | undefined {
  if (!existsSync(manifest)) return undefined;
  return (JSON.parse(readFileSync(manifest, "utf8")) as { version?: string }).version;
}

/** The package directory holding `file`: the nearest ancestor with a package.json. */
function packageRoot(file: string): string | undefined {
  for (let directory = dirname(file); ; directory = dirname(directory)) {
    if (existsSync(join(directory, "package.json"))) return directory;
    if (dirname(directory) === directory) return undefined;
  }
}

/** Versions of this CLI, the @mcpkit/core it runs, and the MCP SDK that core depends on. */
export function packageVersions(): { cli: string; core: string; sdk: string } {
  const cli = readVersion(fileURLToPath(new URL("../package.json", import.meta.url))) ?? "unknown";
  const coreRoot = packageRoot(fileURLToPath(import.meta.resolve("@mcpkit/core")));
  const core = (coreRoot && readVersion(join(coreRoot, "package.json"))) ?? "unknown";
  const sdk =
    (coreRoot &&
      readVersion(join(coreRoot, "node_modules", "@modelcontextprotocol", "sdk", "package.json"))) ??
    "unknown";
  return { cli, core, sdk };
}

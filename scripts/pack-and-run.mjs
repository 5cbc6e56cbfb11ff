// Proves the published packages work from the outside (issue 23): node scripts/pack-and-run.mjs
// Packs every published package (scripts/pack.mjs), installs the tarballs with npm into a fresh
// project in the OS temp dir, outside this workspace (ours from the tarballs only, pinned by
// `overrides`; third-party dependencies, native addons included, from the registry), then starts
// each app through its bin with npx and drives it with the official SDK client over stdio
// (scripts/drive-installed.mjs), and runs the installed `mcpkit` CLI. Needs a build (`pnpm build`).
import { execFileSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { packAll, printSizes, root } from "./pack.mjs";

const started = performance.now();
const seconds = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;
const log = (line) => process.stderr.write(`pack-and-run: ${line}\n`);
const work = mkdtempSync(join(tmpdir(), "mcpkit-pack-and-run-"));
try {
  const packs = packAll(join(work, "tarballs"));
  printSizes(packs);
  const core = packs.find((pack) => pack.name === "@mcpkit/core");
  log(`@mcpkit/core unpacks to ${((core?.unpacked ?? 0) / 1024).toFixed(1)} KB (limit 400 KB)`);

  const project = join(work, "project");
  mkdirSync(project);
  const tarballs = Object.fromEntries(packs.map((pack) => [pack.name, `file:${pack.tarball}`]));
  const sdk = /"@modelcontextprotocol\/sdk":\s*(\S+)/.exec(
    readFileSync(join(root, "pnpm-workspace.yaml"), "utf8"),
  )?.[1];
  writeFileSync(
    join(project, "package.json"),
    `${JSON.stringify(
      {
        name: "mcpkit-pack-and-run",
        private: true,
        type: "module",
        dependencies: { ...tarballs, "@modelcontextprotocol/sdk": sdk },
        // An app asks for @mcpkit/core by version: make sure that is the tarball, never the registry.
        overrides: tarballs,
      },
      null,
      2,
    )}\n`,
  );
  log(`npm install in ${project} (${seconds()})`);
  // better-sqlite3 has no reachable prebuilt binary here and compiles from source: give node-gyp
  // this Node's own headers when they sit beside it, so it downloads none (as native-for-node.sh).
  const prefix = dirname(dirname(process.execPath));
  const headers = existsSync(join(prefix, "include", "node", "node.h")) ? { npm_config_nodedir: prefix } : {};
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd: project,
    env: { ...process.env, ...headers },
    stdio: ["ignore", "inherit", "inherit"],
  });
  log(`installed (${seconds()})`);

  const folder = join(work, "files");
  mkdirSync(folder);
  writeFileSync(join(folder, "hello.txt"), "hello from pack-and-run\n");
  copyFileSync(join(root, "scripts", "drive-installed.mjs"), join(project, "drive-installed.mjs"));
  execFileSync(process.execPath, ["drive-installed.mjs", folder], {
    cwd: project,
    stdio: ["ignore", "inherit", "inherit"],
  });

  const cli = (args) =>
    execFileSync("npx", ["-y", "@mcpkit/cli", ...args], { cwd: project, encoding: "utf8" });
  log(`installed CLI: ${cli(["version"]).split("\n")[0]}`);
  const entry = JSON.parse(cli(["install", "weather", "--client", "cursor", "--dry-run"])).weather;
  const wanted = { command: "npx", args: ["-y", "@mcpkit/weather"] };
  if (JSON.stringify(entry) !== JSON.stringify(wanted))
    throw new Error(`mcpkit install outside the repository wrote ${JSON.stringify(entry)}`);
  log(`mcpkit install outside the repository writes ${JSON.stringify(entry)}`);
  log(`all packages installed and answered (${seconds()})`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

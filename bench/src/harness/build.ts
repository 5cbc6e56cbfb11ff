import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { delimiter } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

/** bench/ */
export const BENCH_DIR = fileURLToPath(new URL("../../", import.meta.url));
export const CACHE_DIR = `${BENCH_DIR}.cache/`;
export const SERVERS_OUT = `${CACHE_DIR}servers/`;
export const FASTMCP_DIR = `${CACHE_DIR}fastmcp/`;
export const NODE22_DIR = `${CACHE_DIR}node22/`;
const CORE_DIR = fileURLToPath(new URL("../../../packages/core/", import.meta.url));

/**
 * Builds what the echo servers run on: core's `dist` (servers run on plain `node`, as a user ships
 * them, so no loader cost is measured) and each server file compiled to `.cache/servers/*.mjs`.
 */
export function buildServers(log: (line: string) => void): void {
  // Core's own build script, so the bench measures exactly what `pnpm build` ships (tsc, then the
  // esbuild bundle); running tsc alone here once measured an unbundled core without noticing.
  const script = (
    JSON.parse(readFileSync(`${CORE_DIR}package.json`, "utf8")) as { scripts: { build: string } }
  ).scripts.build;
  log(`building @mcpkit/core dist (${script})`);
  execFileSync("sh", ["-c", script], {
    cwd: CORE_DIR,
    stdio: "inherit",
    env: { ...process.env, PATH: `${CORE_DIR}node_modules/.bin${delimiter}${process.env.PATH ?? ""}` },
  });
  mkdirSync(SERVERS_OUT, { recursive: true });
  // Shared by the servers, imported as `./big-text.js` (ESM: bench/package.json says "module").
  transpile(`${BENCH_DIR}src/servers/big-text.ts`, `${SERVERS_OUT}big-text.js`);
  for (const name of ["floor-stdio", "floor-http", "sdk-stdio", "sdk-http", "mcpkit-echo"]) {
    transpile(`${BENCH_DIR}src/servers/${name}.ts`, `${SERVERS_OUT}${name}.mjs`);
  }
  if (existsSync(`${FASTMCP_DIR}node_modules/fastmcp`)) {
    transpile(`${BENCH_DIR}src/servers/fastmcp-echo.ts`, `${FASTMCP_DIR}fastmcp-echo.mjs`);
  }
}

export const FASTMCP_SPEC = "fastmcp@4.20.16";

/**
 * Installs punkpeye `fastmcp` outside the workspace on first use: its dependencies ask for
 * Node >= 22 and the workspace is engine-strict, so it cannot be a workspace dependency.
 * Returns why it is unavailable, or undefined when it is there.
 */
export function ensureFastmcp(log: (line: string) => void): string | undefined {
  if (existsSync(`${FASTMCP_DIR}node_modules/fastmcp/package.json`)) return undefined;
  log(`installing ${FASTMCP_SPEC} into bench/.cache/fastmcp (outside the workspace)`);
  try {
    execFileSync(
      "npm",
      ["install", "--prefix", FASTMCP_DIR, FASTMCP_SPEC, "--engine-strict=false", "--no-audit", "--no-fund"],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    return undefined;
  } catch (error) {
    return `npm install ${FASTMCP_SPEC} failed: ${(error as Error).message.split("\n")[0]}`;
  }
}

function transpile(from: string, to: string): void {
  const output = ts.transpileModule(readFileSync(from, "utf8"), {
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2023,
      verbatimModuleSyntax: true,
    },
    fileName: from,
  });
  writeFileSync(to, output.outputText);
}

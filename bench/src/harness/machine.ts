import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { BENCH_DIR, FASTMCP_DIR } from "./build.js";

export interface Machine {
  date: string;
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  versions: Record<string, string>;
  commit: string;
}

export function describeMachine(): Machine {
  return {
    date: new Date().toISOString(),
    cpu: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    versions: {
      "@mcpkit/core": version(`${BENCH_DIR}../packages/core/package.json`),
      "@modelcontextprotocol/sdk": version(`${BENCH_DIR}node_modules/@modelcontextprotocol/sdk/package.json`),
      "@modelcontextprotocol/server-filesystem": version(
        `${BENCH_DIR}node_modules/@modelcontextprotocol/server-filesystem/package.json`,
      ),
      fastmcp: version(`${FASTMCP_DIR}node_modules/fastmcp/package.json`),
      zod: version(`${BENCH_DIR}node_modules/zod/package.json`),
    },
    commit: gitCommit(),
  };
}

function version(path: string): string {
  try {
    return (JSON.parse(readFileSync(path, "utf8")) as { version: string }).version;
  } catch {
    return "not installed";
  }
}

function gitCommit(): string {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: BENCH_DIR, encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}

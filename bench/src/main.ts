import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { BENCH_DIR, buildServers, ensureFastmcp } from "./harness/build.js";
import { describeMachine } from "./harness/machine.js";
import type { ContenderResult } from "./harness/results.js";
import { parseOptions } from "./options.js";
import { evaluateTargets, type Results, renderMarkdown } from "./report.js";
import { runHttpEcho, runStdioEcho } from "./suites/echo.js";

const log = (line: string) => process.stderr.write(`${line}\n`);

let options: ReturnType<typeof parseOptions>;
try {
  options = parseOptions(process.argv.slice(2));
} catch (error) {
  log((error as Error).message);
  process.exit(2);
}

if (options.reportOnly) {
  // Re-renders the tables from the last run's figures, e.g. after the report's layout changed.
  publish(JSON.parse(readFileSync(`${BENCH_DIR}results/latest.json`, "utf8")) as Results);
} else {
  publish(await measure());
}

async function measure(): Promise<Results> {
  const started = Date.now();
  if (options.build) {
    if (options.suites.has("stdio") && options.filter("fastmcp")) {
      const problem = ensureFastmcp(log);
      if (problem) log(`fastmcp will be skipped: ${problem}`);
    }
    buildServers(log);
  }
  const machine = describeMachine();
  const suites: Record<string, ContenderResult[]> = {};
  if (options.suites.has("stdio")) suites.stdio = await runStdioEcho(options, log);
  if (options.suites.has("http")) suites.http = await runHttpEcho(options, log);
  if (options.suites.has("large")) {
    const { runLarge } = await import("./suites/large.js");
    suites.large = await runLarge(options, log);
  }
  if (options.suites.has("apps")) {
    const { runApps } = await import("./suites/apps.js");
    suites.apps = await runApps(options, log);
  }
  return {
    machine,
    run: {
      quick: options.quick,
      rounds: options.rounds,
      seconds: Math.round((Date.now() - started) / 1000),
      complete: options.suites.size === 4 && options.allContenders,
    },
    targets: evaluateTargets(suites),
    suites,
  };
}

function publish(results: Results): void {
  const markdown = renderMarkdown(results);
  mkdirSync(`${BENCH_DIR}results`, { recursive: true });
  writeFileSync(`${BENCH_DIR}results/latest.json`, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(`${BENCH_DIR}results/latest.md`, markdown);
  // Only a full run of everything speaks for the project in its README.
  if (!results.run.quick && results.run.complete !== false) updateReadme(markdown);
  process.stdout.write(markdown);
  log(`done in ${results.run.seconds} s: bench/results/latest.md`);
}

/** Puts a full run's table into the README, between its markers. */
function updateReadme(markdown: string): void {
  const path = `${BENCH_DIR}README.md`;
  const readme = readFileSync(path, "utf8");
  const start = "<!-- latest:start -->";
  const end = "<!-- latest:end -->";
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from === -1 || to === -1) return;
  const body = markdown.replace(/^# .*\n\n/, "").replace(/^## /gm, "### ");
  writeFileSync(path, `${readme.slice(0, from + start.length)}\n${body}${readme.slice(to)}`);
}

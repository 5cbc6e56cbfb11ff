import type { Machine } from "./harness/machine.js";
import type { ContenderResult } from "./harness/results.js";
import { ratio } from "./harness/stats.js";
import { LARGE_SIZES, largeId } from "./suites/large.js";

export interface Results {
  machine: Machine;
  run: { quick: boolean; rounds: number; seconds: number; complete?: boolean };
  suites: Record<string, ContenderResult[]>;
  targets?: Target[];
}

export interface Target {
  name: string;
  goal: string;
  value: string;
  met: boolean | undefined;
}

/** Column headings, in the order columns appear; a metric missing here is not shown. */
const COLUMNS: Array<[string, string]> = [
  ["coldStartMs", "cold start to tools/list (ms)"],
  ["p50Ms", "p50 (ms)"],
  ["p90Ms", "p90 (ms)"],
  ["p99Ms", "p99 (ms)"],
  ["rps1", "calls/s, 1 in flight"],
  ["rps8", "calls/s, 8 in flight"],
  ["rps32", "calls/s, 32 in flight"],
  ["cpuUsPerCall", "server CPU µs per call (at the highest load)"],
  ["peakRssMiB", "peak RSS (MiB)"],
  ["sdkClientRps1", "SDK client calls/s, 1"],
  ["sdkClientRps32", "SDK client calls/s, 32"],
  ["opsPerSecond", "ops/s"],
  ["ops2PerSecond", "ops/s, 2 in flight"],
  ["meanMs", "mean (ms)"],
  ["read4kMs", "read 4 KiB (ms)"],
  ["read1mMs", "read 1 MiB (ms)"],
  ["list1000Ms", "list 1000 entries (ms)"],
];

const TITLES: Record<string, string> = {
  stdio: "Echo tool over stdio",
  http: "Echo tool over Streamable HTTP (minimal client; 1 and 8 in flight)",
  large: "Large results over stdio: a `big` tool returning N KiB of text (CPU per call at 8 in flight)",
  apps: "App scenarios: through MCP (minimal stdio client) vs the library called directly",
};

export function renderMarkdown(results: Results): string {
  const { machine, run } = results;
  const lines = [
    `# mcpkit benchmark results`,
    "",
    `- Date: ${machine.date} (commit ${machine.commit}), ${run.quick ? "quick" : "full"} run, ${run.rounds} rounds, ${run.seconds} s`,
    `- Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB memory`,
    `- Node ${machine.node}; ${Object.entries(machine.versions)
      .map(([name, version]) => `${name} ${version}`)
      .join(", ")}`,
    "- Each figure is the median over the rounds; contenders run interleaved, in a rotated order each round.",
    "",
  ];
  if (results.targets && results.targets.length > 0) {
    const rows = results.targets.map((target) => {
      const met = target.met === undefined ? "n/a" : target.met ? "yes" : "**no**";
      return [target.name, target.goal, target.value, met];
    });
    lines.push(
      "## Targets (ratios within this run)",
      "",
      ...table(["target", "goal", "this run", "met"], rows),
      "",
    );
  }
  for (const [suite, contenders] of Object.entries(results.suites)) {
    lines.push(`## ${TITLES[suite] ?? suite}`, "");
    const present = COLUMNS.filter(([name]) => contenders.some((c) => Number.isFinite(c.medians[name])));
    const rows = contenders.map((contender) => {
      const label = contender.note ? `${contender.label} (${contender.note})` : contender.label;
      if (contender.skipped && contender.rounds.length === 0) {
        const reason = contender.skipped.replace(/[|\n]/g, " ");
        return [label, `skipped: ${reason}`, ...present.slice(1).map(() => "")];
      }
      return [label, ...present.map(([name]) => format(contender.medians[name]))];
    });
    lines.push(...table(["contender", ...present.map(([, title]) => title)], rows, true), "");
  }
  return `${lines.join("\n")}\n`;
}

/**
 * A Markdown table padded the way the repository's formatter (Biome) writes one, so a generated
 * README passes `biome check`. With `numeric`, every column after the first is right-aligned.
 */
export function table(header: string[], rows: string[][], numeric = false): string[] {
  const widths = header.map((title, column) =>
    Math.max(3, title.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const right = (column: number) => numeric && column > 0;
  const line = (cells: string[]) =>
    `| ${widths
      .map((width, column) => {
        const cell = cells[column] ?? "";
        return right(column) ? cell.padStart(width) : cell.padEnd(width);
      })
      .join(" | ")} |`;
  const separator = `| ${widths
    .map((width, column) => (right(column) ? `${"-".repeat(width - 1)}:` : "-".repeat(width)))
    .join(" | ")} |`;
  return [line(header), separator, ...rows.map(line)];
}

export function format(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return "–";
  if (value >= 100) return Math.round(value).toLocaleString("en-US");
  if (value >= 10) return value.toFixed(1);
  if (value >= 1) return value.toFixed(2);
  return value.toFixed(3);
}

/** The issue's targets, each a ratio of medians measured in this run. */
export function evaluateTargets(suites: Record<string, ContenderResult[]>): Target[] {
  const get = (suite: string, id: string, metric: string) =>
    suites[suite]?.find((c) => c.id === id)?.medians[metric] ?? Number.NaN;
  const targets: Target[] = [];
  const add = (name: string, goal: string, value: number, text: string, met: (value: number) => boolean) => {
    targets.push({
      name,
      goal,
      value: Number.isFinite(value) ? text : "not measured",
      met: Number.isFinite(value) ? met(value) : undefined,
    });
  };
  const x = (value: number) => `${value.toFixed(2)}×`;
  const stdio = (id: string, metric: string) => get("stdio", id, metric);
  const s32 = ratio(stdio("mcpkit", "rps32"), stdio("sdk", "rps32"));
  add("stdio, 32 in flight, vs raw SDK", "≥ 2×", s32, x(s32), (v) => v >= 2);
  const f32 = ratio(stdio("mcpkit", "rps32"), stdio("floor", "rps32"));
  add("stdio, 32 in flight, vs floor", "≥ 60 %", f32, `${Math.round(f32 * 100)} %`, (v) => v >= 0.6);
  const p50 = ratio(stdio("mcpkit", "p50Ms"), stdio("floor", "p50Ms"));
  add("stdio, 1 in flight, p50 latency vs floor", "≤ 1.3×", p50, x(p50), (v) => v <= 1.3);
  const cold = ratio(stdio("mcpkit", "coldStartMs"), stdio("floor", "coldStartMs"));
  add("cold start to tools/list vs floor", "≤ 2×", cold, x(cold), (v) => v <= 2);
  const rss = ratio(stdio("mcpkit", "peakRssMiB"), stdio("floor", "peakRssMiB"));
  add("peak RSS vs floor", "≤ 1.6×", rss, x(rss), (v) => v <= 1.6);
  const http = (id: string) => get("http", id, "rps1");
  const stateful = ratio(http("http-mcpkit-stateful"), http("http-sdk-stateful"));
  add("HTTP stateful, 1 in flight, vs raw SDK", "≥ 2×", stateful, x(stateful), (v) => v >= 2);
  const stateless = ratio(http("http-mcpkit-stateless"), http("http-sdk-stateless"));
  add("HTTP stateless, 1 in flight, vs raw SDK", "≥ 3×", stateless, x(stateless), (v) => v >= 3);
  // Issue 19: a cached JWT verification adds at most 0.1 ms to a call's p50 over HTTP.
  const jwtAdded = get("http", "http-mcpkit-jwt", "p50Ms") - get("http", "http-mcpkit-stateful", "p50Ms");
  add(
    "HTTP p50 added by a cached JWT check",
    "≤ 0.1 ms",
    jwtAdded,
    `${jwtAdded.toFixed(3)} ms`,
    (v) => v <= 0.1,
  );
  for (const kib of LARGE_SIZES) {
    const large = (server: string, level: number) => get("large", largeId(server, kib), `rps${level}`);
    for (const level of [1, 8]) {
      if (kib === 100 || kib === 1024) {
        const sdk = ratio(large("mcpkit", level), large("sdk", level));
        add(
          `stdio ${kib} KiB result, ${level} in flight, vs raw SDK`,
          "≥ 1.5×",
          sdk,
          x(sdk),
          (v) => v >= 1.5,
        );
      }
      const floor = ratio(large("mcpkit", level), large("floor", level));
      const text = `${Math.round(floor * 100)} %`;
      add(`stdio ${kib} KiB result, ${level} in flight, vs floor`, "≥ 80 %", floor, text, (v) => v >= 0.8);
    }
  }
  const app = (id: string, metric: string) => get("apps", id, metric);
  const thumbs = ratio(app("thumbnail-mcp", "opsPerSecond"), app("thumbnail-direct", "opsPerSecond"));
  add(
    "thumbnails/s through MCP vs sharp direct",
    "≥ 90 %",
    thumbs,
    `${Math.round(thumbs * 100)} %`,
    (v) => v >= 0.9,
  );
  const sqlite = app("sqlite-mcp", "meanMs") - app("sqlite-direct", "meanMs");
  add(
    "SQLite point query through MCP minus direct",
    "≤ 0.2 ms",
    sqlite,
    `${sqlite.toFixed(3)} ms`,
    (v) => v <= 0.2,
  );
  return targets;
}

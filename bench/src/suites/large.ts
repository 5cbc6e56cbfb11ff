import { SERVERS_OUT } from "../harness/build.js";
import { connect, type Driver, type Target } from "../harness/driver.js";
import { logPath } from "../harness/launch.js";
import { type Bound, closedLoop, cpuMicros, peakRssMiB } from "../harness/measure.js";
import { type Metrics, type RoundContender, runRounds } from "../harness/results.js";
import type { BenchOptions } from "../options.js";

/** Result sizes in KiB: 1 KiB, 100 KiB, 1 MiB, 10 MiB. */
export const LARGE_SIZES = [1, 100, 1024, 10_240];

const SERVERS = [
  { id: "floor", label: "floor", script: "floor-stdio.mjs" },
  { id: "sdk", label: "raw SDK", script: "sdk-stdio.mjs" },
  { id: "mcpkit", label: "mcpkit", script: "mcpkit-echo.mjs" },
];

interface SizedContender extends RoundContender {
  target: Target;
  kib: number;
}

/** `large-<server>-<kib>k`, the id a size's row has in the results. */
export function largeId(server: string, kib: number): string {
  return `large-${server}-${kib}k`;
}

function sizeLabel(kib: number): string {
  return kib >= 1024 ? `${kib / 1024} MiB` : `${kib} KiB`;
}

/**
 * Every (server, size) pair is its own contender on a freshly spawned server, so that peak RSS
 * belongs to that size alone; the rotation interleaves sizes and servers round by round.
 */
function contenders(options: BenchOptions): SizedContender[] {
  const all: SizedContender[] = [];
  for (const kib of LARGE_SIZES) {
    for (const server of SERVERS) {
      if (!options.filter(server.id)) continue;
      const id = largeId(server.id, kib);
      const command = { command: process.execPath, args: [`${SERVERS_OUT}${server.script}`] };
      all.push({
        id,
        label: `${server.label}, ${sizeLabel(kib)} result`,
        target: { kind: "stdio", command: { ...command, stderrPath: logPath(id) } },
        kib,
      });
    }
  }
  return all;
}

/** Counts shrink with the size so a 10 MiB row stays as bounded as a 1 KiB one. */
function bound(options: BenchOptions, kib: number, level: number): Bound {
  const scale = options.quick ? 0.35 : 1;
  const count = Math.max(8 * level, Math.round(40_000 / Math.max(1, kib / 4)));
  return { count, ms: Math.round(1_200 * scale) };
}

/**
 * stdio, one `big` tool returning N KiB of text: calls/s at 1 and 8 in flight, server CPU per call
 * at 8, peak RSS, for mcpkit, the raw SDK and the floor in the same run.
 */
export function runLarge(options: BenchOptions, log: (line: string) => void) {
  return runRounds("large", contenders(options), options.rounds, (c) => largeRound(c, options), log);
}

async function largeRound(contender: SizedContender, options: BenchOptions): Promise<Metrics> {
  const driver = await connect(contender.target, "minimal");
  try {
    const call = () => callBig(driver, contender.kib);
    await call();
    await closedLoop(call, 8, { count: 16, ms: 300 });
    const metrics: Metrics = {};
    for (const level of [1, 8]) {
      const cpuBefore = cpuMicros(driver.pid);
      const { perSecond, calls } = await closedLoop(call, level, bound(options, contender.kib, level));
      metrics[`rps${level}`] = perSecond;
      if (level === 8) metrics.cpuUsPerCall = (cpuMicros(driver.pid) - cpuBefore) / calls;
    }
    metrics.peakRssMiB = peakRssMiB(driver.pid);
    return metrics;
  } finally {
    await driver.close();
  }
}

/** Calls `big` and checks the length of what came back, so no server is timed doing nothing. */
async function callBig(driver: Driver, kib: number): Promise<void> {
  const result = await driver.callTool("big", { kib });
  const text = (result.content as Array<{ text?: string }> | undefined)?.[0]?.text;
  if (result.isError || text?.length !== kib * 1024) {
    throw new Error(`big answered ${JSON.stringify(result).slice(0, 200)}`);
  }
}

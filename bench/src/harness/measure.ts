import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { connect, type Driver, type Target } from "./driver.js";
import { quantile } from "./stats.js";

/** Every loop stops at whichever comes first: this many operations or this much time. */
export interface Bound {
  count: number;
  ms: number;
}

/** Spawn (or connect) to a listed set of tools: what a user waits for before the first call. */
export async function coldStart(target: Target): Promise<{ ms: number; driver: Driver }> {
  const started = performance.now();
  const driver = await connect(target, "minimal");
  const listed = await driver.listTools();
  const ms = performance.now() - started;
  if (!Array.isArray(listed.tools) || listed.tools.length === 0)
    throw new Error("tools/list returned no tools");
  return { ms, driver };
}

export interface Latency {
  calls: number;
  p50: number;
  p90: number;
  p99: number;
}

/** One call at a time; per-call latency in milliseconds. */
export async function sequentialLatency(call: () => Promise<unknown>, bound: Bound): Promise<Latency> {
  const samples: number[] = [];
  const deadline = performance.now() + bound.ms;
  while (samples.length < bound.count) {
    const started = performance.now();
    await call();
    const ended = performance.now();
    samples.push(ended - started);
    if (ended > deadline) break;
  }
  samples.sort((a, b) => a - b);
  return {
    calls: samples.length,
    p50: quantile(samples, 0.5),
    p90: quantile(samples, 0.9),
    p99: quantile(samples, 0.99),
  };
}

/** Closed loop: `concurrency` callers, each sending its next call when the previous one returns. */
export async function throughput(
  call: () => Promise<unknown>,
  concurrency: number,
  bound: Bound,
): Promise<number> {
  return (await closedLoop(call, concurrency, bound)).perSecond;
}

/** `throughput`, with the number of calls completed. */
export async function closedLoop(
  call: () => Promise<unknown>,
  concurrency: number,
  bound: Bound,
): Promise<{ perSecond: number; calls: number }> {
  let started = 0;
  let done = 0;
  const begin = performance.now();
  const deadline = begin + bound.ms;
  const worker = async () => {
    while (started < bound.count && performance.now() < deadline) {
      started++;
      await call();
      done++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { perSecond: (done / (performance.now() - begin)) * 1000, calls: done };
}

/**
 * CPU time (user + system) a process has used so far, in microseconds, from /proc (Linux). Unlike
 * calls per second it hardly moves when other work shares the machine.
 */
export function cpuMicros(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime are fields 14 and 15 of stat; after the ")" they are the 12th and 13th.
    return ((Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS) * 1e6;
  } catch {
    return Number.NaN;
  }
}

/** USER_HZ: Linux reports process times in hundredths of a second. */
const CLOCK_TICKS = 100;

/** Peak resident memory of a process, from /proc (Linux), in MiB. */
export function peakRssMiB(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const found = /VmHWM:\s+(\d+) kB/.exec(status);
    return found ? Number(found[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Checks the echo tool answers with what it was sent, so no server is measured doing nothing. */
export async function checkEcho(driver: Driver): Promise<void> {
  const result = await driver.callTool("echo", { message: "check" });
  const content = result.content as Array<{ text?: string }> | undefined;
  if (result.isError || content?.[0]?.text !== "check") {
    throw new Error(`echo answered ${JSON.stringify(result).slice(0, 200)}`);
  }
}

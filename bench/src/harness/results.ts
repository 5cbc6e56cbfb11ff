import { median } from "./stats.js";

/** One contender's measurements in one round: metric name to value. */
export type Metrics = Record<string, number>;

/** A server (or a direct library call) compared in a suite. */
export interface ContenderResult {
  id: string;
  label: string;
  note?: string | undefined;
  skipped?: string | undefined;
  rounds: Metrics[];
  /** Median of each metric over the rounds. */
  medians: Metrics;
}

export class Collector {
  private readonly results = new Map<string, ContenderResult>();

  constructor(readonly suite: string) {}

  add(id: string, label: string, note?: string): ContenderResult {
    let result = this.results.get(id);
    if (!result) {
      result = { id, label, note, rounds: [], medians: {} };
      this.results.set(id, result);
    }
    return result;
  }

  record(id: string, metrics: Metrics): void {
    const result = this.results.get(id);
    if (!result) throw new Error(`unknown contender ${id}`);
    result.rounds.push(metrics);
  }

  skip(id: string, reason: string): void {
    const result = this.results.get(id);
    if (result) result.skipped = reason;
  }

  isSkipped(id: string): boolean {
    return this.results.get(id)?.skipped !== undefined;
  }

  finish(): ContenderResult[] {
    for (const result of this.results.values()) {
      const names = new Set(result.rounds.flatMap((round) => Object.keys(round)));
      for (const name of names)
        result.medians[name] = median(result.rounds.map((round) => round[name] ?? Number.NaN));
    }
    return [...this.results.values()];
  }
}

/** Rotates the order each round, so no contender always runs first (or right after a heavy one). */
export function rotate<T>(items: readonly T[], round: number): T[] {
  const shift = round % Math.max(1, items.length);
  return [...items.slice(shift), ...items.slice(0, shift)];
}

export interface RoundContender {
  id: string;
  label: string;
  note?: string | undefined;
  /** Why it cannot run here, decided before any round. */
  unavailable?: string | undefined;
}

/**
 * Runs `measure` for every contender, round after round, in a rotated order; a contender that fails
 * is reported as skipped with the reason, never retried or faked.
 */
export async function runRounds<C extends RoundContender>(
  suite: string,
  contenders: readonly C[],
  rounds: number,
  measure: (contender: C) => Promise<Metrics>,
  log: (line: string) => void,
): Promise<ContenderResult[]> {
  const collector = new Collector(suite);
  for (const contender of contenders) {
    collector.add(contender.id, contender.label, contender.note);
    if (contender.unavailable) collector.skip(contender.id, contender.unavailable);
  }
  for (let round = 0; round < rounds; round++) {
    for (const contender of rotate(contenders, round)) {
      if (collector.isSkipped(contender.id)) continue;
      try {
        const metrics = await measure(contender);
        collector.record(contender.id, metrics);
        log(`${suite} round ${round + 1} ${contender.id}: ${summary(metrics)}`);
      } catch (error) {
        collector.skip(contender.id, `failed: ${(error as Error).message}`);
        log(`${suite} ${contender.id} skipped: ${(error as Error).message}`);
      }
    }
  }
  return collector.finish();
}

function summary(metrics: Metrics): string {
  return Object.entries(metrics)
    .map(([name, value]) => `${name}=${value < 10 ? value.toFixed(3) : Math.round(value)}`)
    .join(" ");
}

import type { ContenderResult } from "../harness/results.js";
import type { BenchOptions } from "../options.js";

export async function runApps(
  _options: BenchOptions,
  log: (line: string) => void,
): Promise<ContenderResult[]> {
  log("apps: not written yet");
  return [];
}

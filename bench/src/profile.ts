/**
 * `pnpm --filter @mcpkit/bench profile <server> [inFlight] [seconds] [kib]`: runs one compiled echo
 * server under `node --cpu-prof` at a closed-loop load and prints where its time goes (self time
 * by function, and by file), and its peak RSS. With `kib`, the calls are to the `big` tool
 * (a result of that many KiB of text) instead of `echo`; stdio servers only offer it. Servers: floor, sdk, mcpkit, mcpkit-http, mcpkit-http-stateless,
 * mcpkit-http-json. Run `pnpm bench --suite stdio --rounds 1 --quick` once first, to build them.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { CACHE_DIR, SERVERS_OUT } from "./harness/build.js";
import { connect, type Target } from "./harness/driver.js";
import { launchHttp } from "./harness/launch.js";
import { peakRssMiB, throughput } from "./harness/measure.js";

const [name = "mcpkit", inFlight = "32", seconds = "5", kib] = process.argv.slice(2);
const dir = `${CACHE_DIR}profiles/${name}`;
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const flags = ["--cpu-prof", `--cpu-prof-dir=${dir}`];
const scripts: Record<string, string[]> = {
  floor: ["floor-stdio.mjs"],
  sdk: ["sdk-stdio.mjs"],
  mcpkit: ["mcpkit-echo.mjs"],
  "mcpkit-http": ["mcpkit-echo.mjs", "--http"],
  "mcpkit-http-stateless": ["mcpkit-echo.mjs", "--http", "--stateless"],
  "mcpkit-http-json": ["mcpkit-echo.mjs", "--http", "--json"],
  "sdk-http": ["sdk-http.mjs"],
};
const [script, ...args] = scripts[name] ?? [];
if (!script) throw new Error(`unknown server ${name}; use ${Object.keys(scripts).join(", ")}`);
const command = [...flags, `${SERVERS_OUT}${script}`, ...args];
let stop = async () => {};
let target: Target;
if (name.includes("http")) {
  const launched = await launchHttp(`profile-${name}`, process.execPath, command, "/mcp");
  target = launched.target;
  // SIGINT lets node write the profile before exiting.
  stop = async () => {
    if (target.kind === "http" && target.pid) process.kill(target.pid, "SIGINT");
    await new Promise((resolve) => setTimeout(resolve, 1_500));
  };
} else {
  target = { kind: "stdio", command: { command: process.execPath, args: command } };
}
const driver = await connect(target, "minimal");
const call =
  kib === undefined
    ? () => driver.callTool("echo", { message: "hello" })
    : () => driver.callTool("big", { kib: Number(kib) });
const rps = await throughput(call, Number(inFlight), { count: 10_000_000, ms: Number(seconds) * 1000 });
const peak = peakRssMiB(driver.pid);
await driver.close();
await stop();
const what = kib === undefined ? "echo" : `${kib} KiB results`;
process.stderr.write(
  `${name}: ${Math.round(rps)} calls/s (${what}) at ${inFlight} in flight, peak RSS ${peak} MiB\n`,
);

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
const file = readdirSync(dir).find((entry) => entry.endsWith(".cpuprofile"));
if (!file) throw new Error("no profile written");
const profile = JSON.parse(readFileSync(`${dir}/${file}`, "utf8")) as {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
};
const selfTime = new Map<number, number>();
profile.samples.forEach((id, index) => {
  selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
});
const byFunction = new Map<string, number>();
const byFile = new Map<string, number>();
let total = 0;
for (const node of profile.nodes) {
  const time = selfTime.get(node.id) ?? 0;
  total += time;
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url.replace(/^file:\/\/.*node_modules\//, "").replace(/^file:\/\/\/work\/main\//, "");
  const key = `${functionName || "(anonymous)"} ${where}:${lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + time);
  byFile.set(where || "(native)", (byFile.get(where || "(native)") ?? 0) + time);
}
const top = (map: Map<string, number>, count: number) =>
  [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([key, time]) => `${((time / total) * 100).toFixed(1).padStart(5)} %  ${key}`)
    .join("\n");
process.stdout.write(`self time by function:\n${top(byFunction, 30)}\n\nby file:\n${top(byFile, 15)}\n`);

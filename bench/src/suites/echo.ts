import { existsSync } from "node:fs";
import { FASTMCP_DIR, NODE22_DIR, SERVERS_OUT } from "../harness/build.js";
import { connect, type Driver, type Target } from "../harness/driver.js";
import { type Launched, launchHttp, logPath } from "../harness/launch.js";
import {
  type Bound,
  checkEcho,
  closedLoop,
  coldStart,
  cpuMicros,
  peakRssMiB,
  sequentialLatency,
  throughput,
} from "../harness/measure.js";
import { type ContenderResult, type Metrics, type RoundContender, runRounds } from "../harness/results.js";
import type { BenchOptions } from "../options.js";

interface Contender extends RoundContender {
  launch(): Promise<Launched>;
}

const ECHO_ARGS = { message: "hello" };
const echo =
  (target: { callTool: (name: string, args: Record<string, unknown>) => Promise<unknown> }) => () =>
    target.callTool("echo", ECHO_ARGS);

function stdio(
  id: string,
  label: string,
  command: string,
  args: string[],
  extra: Partial<Contender> = {},
): Contender {
  const target: Target = { kind: "stdio", command: { command, args, stderrPath: logPath(id) } };
  return { id, label, ...extra, launch: async () => ({ target, stop: async () => {} }) };
}

function http(id: string, label: string, script: string, args: string[], path = "/mcp"): Contender {
  return {
    id,
    label,
    launch: () => launchHttp(id, process.execPath, [`${SERVERS_OUT}${script}`, ...args], path),
  };
}

export function stdioContenders(options: BenchOptions): Contender[] {
  const node = process.execPath;
  const fastmcpNode = options.fastmcpNode22 ? `${NODE22_DIR}node_modules/node/bin/node` : node;
  const fastmcpScript = `${FASTMCP_DIR}fastmcp-echo.mjs`;
  const fastmcp = stdio("fastmcp", "punkpeye fastmcp 4.20", fastmcpNode, [fastmcpScript], {
    note: options.fastmcpNode22
      ? "run on Node 22 (npm `node` package)"
      : "on this Node 20; some of its dependencies ask for Node >= 22",
  });
  if (!existsSync(fastmcpScript)) {
    fastmcp.unavailable = `not installed: npm install --prefix bench/.cache/fastmcp fastmcp@4.20.16 --engine-strict=false`;
  } else if (options.fastmcpNode22 && !existsSync(fastmcpNode)) {
    fastmcp.unavailable = "Node 22 not installed: npm install --prefix bench/.cache/node22 node@22";
  }
  return [
    stdio("floor", "floor: hand-written JSON-RPC, no SDK", node, [`${SERVERS_OUT}floor-stdio.mjs`]),
    stdio("sdk", "raw SDK McpServer", node, [`${SERVERS_OUT}sdk-stdio.mjs`]),
    stdio("mcpkit", "mcpkit core", node, [`${SERVERS_OUT}mcpkit-echo.mjs`]),
    fastmcp,
  ];
}

export function httpContenders(): Contender[] {
  return [
    http("http-floor", "floor: bare node:http JSON", "floor-http.mjs", []),
    http("http-sdk-stateful", "raw SDK, stateful", "sdk-http.mjs", []),
    http("http-sdk-stateless", "raw SDK, stateless", "sdk-http.mjs", ["--stateless"]),
    http("http-mcpkit-stateful", "mcpkit, stateful", "mcpkit-echo.mjs", ["--http"]),
    http("http-mcpkit-stateless", "mcpkit, stateless", "mcpkit-echo.mjs", ["--http", "--stateless"]),
    http("http-mcpkit-json", "mcpkit, stateful JSON", "mcpkit-echo.mjs", ["--http", "--json"]),
    jwtContender(),
  ];
}

/**
 * mcpkit stateful with a bearer JWT on every call, verified against cached keys: the row that
 * shows what token verification adds to a call over HTTP (compare `http-mcpkit-stateful`).
 */
function jwtContender(): Contender {
  return {
    id: "http-mcpkit-jwt",
    label: "mcpkit, stateful, JWT checked",
    launch: async () => {
      const { exportJWK, generateKeyPair, SignJWT } = await import("jose");
      const { publicKey, privateKey } = await generateKeyPair("RS256");
      const jwk = { ...(await exportJWK(publicKey)), kid: "bench", alg: "RS256", use: "sig" };
      const token = await new SignJWT({ scope: "bench", client_id: "bench" })
        .setProtectedHeader({ alg: "RS256", kid: "bench", typ: "at+jwt" })
        .setIssuer("urn:mcpkit:bench-issuer")
        .setAudience("urn:mcpkit:bench")
        .setSubject("bench-user")
        .setIssuedAt()
        .setExpirationTime("1d")
        .sign(privateKey);
      const script = `${SERVERS_OUT}mcpkit-echo.mjs`;
      const env = { BENCH_JWKS: JSON.stringify({ keys: [jwk] }) };
      const launched = await launchHttp(
        "http-mcpkit-jwt",
        process.execPath,
        [script, "--http", "--jwt"],
        "/mcp",
        env,
      );
      if (launched.target.kind === "http") launched.target.headers = { authorization: `Bearer ${token}` };
      return launched;
    },
  };
}

/** The bounds of each loop, from the run's length. */
function bounds(options: BenchOptions) {
  const scale = options.quick ? 0.35 : 1;
  const b = (count: number, ms: number): Bound => ({ count, ms: Math.round(ms * scale) });
  return {
    warmup: b(3_000, 400),
    latency: b(5_000, 800),
    load: b(200_000, 1_000),
    sdk: b(50_000, 500),
    coldStarts: options.quick ? 1 : 3,
  };
}

/** stdio: cold start, latency, throughput at 1/8/32 in flight, peak RSS; SDK client as a cross-check. */
export function runStdioEcho(options: BenchOptions, log: (line: string) => void): Promise<ContenderResult[]> {
  const limits = bounds(options);
  const contenders = stdioContenders(options).filter((c) => options.filter(c.id));
  return runRounds("stdio", contenders, options.rounds, (contender) => stdioRound(contender, limits), log);
}

async function stdioRound(contender: Contender, limits: ReturnType<typeof bounds>): Promise<Metrics> {
  const { target } = await contender.launch();
  const metrics: Metrics = {};
  const starts: number[] = [];
  for (let i = 1; i < limits.coldStarts; i++) {
    const { ms, driver } = await coldStart(target);
    starts.push(ms);
    await driver.close();
  }
  const { ms, driver } = await coldStart(target);
  starts.push(ms);
  starts.sort((a, b) => a - b);
  metrics.coldStartMs = starts[starts.length >> 1] as number;
  try {
    Object.assign(metrics, await measureLoad(driver, limits, [1, 8, 32]));
  } finally {
    await driver.close();
  }
  const sdk = await connect(target, "sdk");
  try {
    await checkEcho(sdk);
    const call = echo(sdk);
    await throughput(call, 8, limits.warmup);
    metrics.sdkClientRps1 = await throughput(call, 1, limits.sdk);
    metrics.sdkClientRps32 = await throughput(call, 32, limits.sdk);
  } finally {
    await sdk.close();
  }
  return metrics;
}

/** Streamable HTTP: latency and throughput at 1 and 8 in flight, peak RSS. */
export function runHttpEcho(options: BenchOptions, log: (line: string) => void): Promise<ContenderResult[]> {
  const limits = bounds(options);
  const contenders = httpContenders().filter((c) => options.filter(c.id));
  return runRounds("http", contenders, options.rounds, (contender) => httpRound(contender, limits), log);
}

async function httpRound(contender: Contender, limits: ReturnType<typeof bounds>): Promise<Metrics> {
  const launched = await contender.launch();
  const metrics: Metrics = {};
  try {
    const driver = await connect(launched.target, "minimal");
    try {
      Object.assign(metrics, await measureLoad(driver, limits, [1, 8]));
    } finally {
      await driver.close();
    }
  } finally {
    await launched.stop();
  }
  return metrics;
}

/** Checks the echo, warms up, then sequential latency, throughput at each level and peak RSS. */
async function measureLoad(
  driver: Driver,
  limits: ReturnType<typeof bounds>,
  levels: number[],
): Promise<Metrics> {
  await checkEcho(driver);
  const call = echo(driver);
  await throughput(call, 8, limits.warmup);
  const latency = await sequentialLatency(call, limits.latency);
  const metrics: Metrics = { p50Ms: latency.p50, p90Ms: latency.p90, p99Ms: latency.p99 };
  for (const level of levels) {
    const cpuBefore = cpuMicros(driver.pid);
    const { perSecond, calls } = await closedLoop(call, level, limits.load);
    metrics[`rps${level}`] = perSecond;
    if (level === levels.at(-1)) metrics.cpuUsPerCall = (cpuMicros(driver.pid) - cpuBefore) / calls;
  }
  metrics.peakRssMiB = peakRssMiB(driver.pid);
  return metrics;
}

/** Command-line flags of `pnpm bench`. */
export interface BenchOptions {
  quick: boolean;
  rounds: number;
  suites: Set<string>;
  build: boolean;
  /** Re-render latest.md (and the README) from latest.json without measuring. */
  reportOnly: boolean;
  fastmcpNode22: boolean;
  /** No `--only`: every contender runs. */
  allContenders: boolean;
  /** Whether a contender id is selected by `--only`. */
  filter(id: string): boolean;
}

const SUITES = ["stdio", "http", "apps", "large"];

export const USAGE = `pnpm bench [--quick] [--rounds N] [--suite stdio,http,apps,large] [--only id,id] [--no-build] [--fastmcp-node22]

  --quick           about a minute: 2 rounds, shorter loops
  --rounds N        rounds per suite (default 5, quick 2)
  --suite list      which suites to run (default all: ${SUITES.join(",")})
  --only list       only these contender ids (e.g. floor,mcpkit)
  --no-build        skip building @mcpkit/core dist and the server files
  --fastmcp-node22  run fastmcp on Node 22 from bench/.cache/node22
  --report          re-render the tables from bench/results/latest.json, measuring nothing
Results: bench/results/latest.json and latest.md`;

export function parseOptions(argv: string[]): BenchOptions {
  const value = (flag: string) => {
    const index = argv.indexOf(flag);
    return index === -1 ? undefined : argv[index + 1];
  };
  if (argv.includes("--help")) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(0);
  }
  const known = new Set([
    "--report",
    "--quick",
    "--rounds",
    "--suite",
    "--only",
    "--no-build",
    "--fastmcp-node22",
  ]);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith("--")) continue;
    if (!known.has(arg)) throw new Error(`Unknown flag ${arg}\n${USAGE}`);
  }
  const quick = argv.includes("--quick");
  const rounds = Number(value("--rounds") ?? (quick ? 2 : 5));
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error("--rounds needs a whole number >= 1");
  const suites = new Set((value("--suite") ?? SUITES.join(",")).split(","));
  for (const suite of suites)
    if (!SUITES.includes(suite)) throw new Error(`Unknown suite ${suite}; use ${SUITES.join(",")}`);
  const only = value("--only")?.split(",");
  return {
    quick,
    rounds,
    suites,
    build: !argv.includes("--no-build"),
    reportOnly: argv.includes("--report"),
    fastmcpNode22: argv.includes("--fastmcp-node22"),
    allContenders: only === undefined,
    filter: (id) => only === undefined || only.includes(id),
  };
}

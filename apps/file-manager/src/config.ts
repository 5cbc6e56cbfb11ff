import { statSync } from "node:fs";
import { delimiter } from "node:path";
import {
  ConfigError,
  hostFlag,
  logLevelFlag,
  parseCommandLine,
  portFlag,
  transportFlag,
  wholeNumberFlag,
} from "@mcpkit/core";
import { z } from "zod";
import { DEFAULT_DENY } from "./deny-list.js";
import { DEFAULT_LIMITS, type RootSpec } from "./options.js";

export const HELP = `Usage: file-manager [options] [dir...]

An MCP server giving safe access to files inside the directories you share. Read-only unless
writing is allowed. A client's MCP roots can narrow the shared directories, never widen them.

Options (most also read from the environment variable in brackets; flags win):
  <dir>, --root <dir>        Shared directory, repeatable; writable only with --allow-write
                             [FILE_MANAGER_ROOTS, separated by "${delimiter}"]
  --root-rw <dir>            Shared directory that is writable, repeatable [FILE_MANAGER_ROOTS_RW]
  --allow-write              Make every shared directory (and client root) writable [FILE_MANAGER_ALLOW_WRITE=1]
  --max-file-size <size>     Largest file read whole, e.g. 10MiB or 500000; default 10MiB [FILE_MANAGER_MAX_FILE_SIZE]
  --max-entries <n>          Most entries per listing, tree or file search; default ${DEFAULT_LIMITS.maxEntries} [FILE_MANAGER_MAX_ENTRIES]
  --max-depth <n>            Deepest a tree or search goes; default ${DEFAULT_LIMITS.maxDepth} [FILE_MANAGER_MAX_DEPTH]
  --search-timeout <ms>      Time budget per search; default ${DEFAULT_LIMITS.searchTimeMs} [FILE_MANAGER_SEARCH_TIMEOUT]
  --max-matches <n>          Most lines search_content returns; default ${DEFAULT_LIMITS.maxMatches} [FILE_MANAGER_MAX_MATCHES]
  --deny <glob>              Also deny paths matching this glob, repeatable
  --no-default-deny          Drop the built-in deny-list (.env, private keys, .git, .ssh, ...)
  --transport <stdio|http>   Default stdio [FILE_MANAGER_TRANSPORT]
  --host <host>              HTTP host, default 127.0.0.1 [FILE_MANAGER_HOST]
  --port <port>              HTTP port, default 3000 [FILE_MANAGER_PORT]
  --log-level <level>        debug|info|warning|error|silent, default info [FILE_MANAGER_LOG_LEVEL]
  --help                     Show this help
`;

const UNITS: Record<string, number> = {
  "": 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
};

const size = z.string().transform((value, context) => {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(value.trim());
  const unit = match ? UNITS[(match[2] ?? "").toLowerCase()] : undefined;
  if (!match || unit === undefined) {
    context.addIssue({
      code: "custom",
      message: `--max-file-size must be a size such as 10MiB or 500000, got "${value}"`,
    });
    return z.NEVER;
  }
  return Math.floor(Number(match[1]) * unit);
});

const flag = z
  .union([z.boolean(), z.enum(["1", "true", "yes", "0", "false", "no", ""])])
  .transform((value) => value === true || value === "1" || value === "true" || value === "yes");

const configSchema = z.object({
  roots: z.array(z.object({ path: z.string().min(1), writable: z.boolean() })),
  allowWrite: flag.default(false),
  deny: z.array(z.string().min(1, "--deny needs a pattern")),
  transport: transportFlag,
  host: hostFlag,
  port: portFlag,
  logLevel: logLevelFlag,
  limits: z.object({
    maxFileBytes: size
      .optional()
      .transform((value) => value ?? DEFAULT_LIMITS.maxFileBytes)
      .pipe(z.number().min(1, "--max-file-size must be at least 1 byte")),
    maxEntries: wholeNumberFlag("--max-entries").default(DEFAULT_LIMITS.maxEntries),
    maxDepth: wholeNumberFlag("--max-depth")
      .max(1000, "--max-depth must be at most 1000")
      .default(DEFAULT_LIMITS.maxDepth),
    searchTimeMs: wholeNumberFlag("--search-timeout", 10).default(DEFAULT_LIMITS.searchTimeMs),
    maxMatches: wholeNumberFlag("--max-matches").default(DEFAULT_LIMITS.maxMatches),
  }),
});

export type Config = z.infer<typeof configSchema>;

const text = { type: "string" } as const;

/** Parses the command line and environment; returns "help" for --help, throws ConfigError on bad input. */
export function parseConfig(argv: readonly string[], env: NodeJS.ProcessEnv): Config | "help" {
  const config = parseCommandLine(argv, env, {
    envPrefix: "FILE_MANAGER",
    allowPositionals: true,
    options: {
      root: { type: "string", multiple: true },
      "root-rw": { type: "string", multiple: true },
      "allow-write": { type: "boolean" },
      "max-file-size": text,
      "max-entries": text,
      "max-depth": text,
      "search-timeout": text,
      "max-matches": text,
      deny: { type: "string", multiple: true },
      "no-default-deny": { type: "boolean" },
      transport: text,
      host: text,
      port: text,
      "log-level": text,
    },
    schema: configSchema,
    input: (pick, { values, positionals }) => {
      const list = (name: string) => env[name]?.split(delimiter).filter((root) => root !== "") ?? [];
      const readOnly = [...positionals, ...(values.root ?? [])];
      const writable = values["root-rw"] ?? [];
      const fromFlags = readOnly.length + writable.length > 0;
      const roots: RootSpec[] = [
        ...(fromFlags ? readOnly : list("FILE_MANAGER_ROOTS")).map((path) => ({ path, writable: false })),
        ...(fromFlags ? writable : list("FILE_MANAGER_ROOTS_RW")).map((path) => ({ path, writable: true })),
      ];
      return {
        roots,
        allowWrite: pick("allow-write"),
        deny: [...(values["no-default-deny"] ? [] : DEFAULT_DENY), ...(values.deny ?? [])],
        transport: pick("transport"),
        host: pick("host"),
        port: pick("port"),
        logLevel: pick("log-level"),
        limits: {
          maxFileBytes: pick("max-file-size"),
          maxEntries: pick("max-entries"),
          maxDepth: pick("max-depth"),
          searchTimeMs: pick("search-timeout"),
          maxMatches: pick("max-matches"),
        },
      };
    },
  });
  if (config !== "help" && config.allowWrite)
    config.roots = config.roots.map((root) => ({ ...root, writable: true }));
  return config;
}

/** Refuses to start with a shared directory that does not exist, rather than serving less than asked. */
export function checkRoots(roots: readonly RootSpec[]): void {
  for (const root of roots) {
    let isDirectory = false;
    try {
      isDirectory = statSync(root.path).isDirectory();
    } catch {
      isDirectory = false;
    }
    if (!isDirectory) throw new ConfigError(`${JSON.stringify(root.path)} is not an existing directory`);
  }
}

import {
  booleanFlag,
  defineFlag,
  defineFlags,
  listFlag,
  numberFlag,
  parseFlags,
  replicaConfigFor,
  type ServerRoot,
  serverFlags,
} from "@mcpkit/core";
import { z } from "zod";
import { DEFAULT_DENY } from "./deny-list.js";
import { DEFAULT_LIMITS } from "./options.js";

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

const size = z
  .string()
  .optional()
  .transform((value, context) => {
    if (value === undefined) return DEFAULT_LIMITS.maxFileBytes;
    const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(value.trim());
    const unit = match ? UNITS[(match[2] ?? "").toLowerCase()] : undefined;
    if (!match || unit === undefined) {
      context.addIssue({ code: "custom", message: `must be a size such as 10MiB or 500000, got "${value}"` });
      return z.NEVER;
    }
    return Math.floor(Number(match[1]) * unit);
  })
  .pipe(z.number().min(1, "must be at least 1 byte"));

export const flags = defineFlags({
  program: "file-manager",
  summary:
    "An MCP server giving safe access to files inside the directories you share. Read-only unless writing " +
    "is allowed. A client's MCP roots can narrow the shared directories, never widen them.",
  envPrefix: "FILE_MANAGER",
  positionals: { flag: "root", usage: "[dir...]" },
  flags: {
    root: listFlag("Shared directory, repeatable (arguments are too); writable only with --allow-write", {
      env: "ROOTS",
      placeholder: "<dir>",
    }),
    rootRw: listFlag("Shared directory that is writable, repeatable", {
      env: "ROOTS_RW",
      placeholder: "<dir>",
    }),
    allowWrite: booleanFlag("Make every shared directory (and client root) writable"),
    limits: {
      maxFileBytes: defineFlag({
        kind: "string",
        name: "max-file-size",
        help: "Largest file read whole, e.g. 10MiB or 500000",
        placeholder: "<size>",
        defaultHelp: "10MiB",
        schema: size,
      }),
      maxEntries: numberFlag("Most entries per listing, tree or file search", {
        default: DEFAULT_LIMITS.maxEntries,
      }),
      maxDepth: numberFlag("Deepest a tree or search goes", { max: 1000, default: DEFAULT_LIMITS.maxDepth }),
      searchTimeMs: numberFlag("Time budget per search", {
        name: "search-timeout",
        min: 10,
        default: DEFAULT_LIMITS.searchTimeMs,
        placeholder: "<ms>",
      }),
      maxMatches: numberFlag("Most lines search_content returns", { default: DEFAULT_LIMITS.maxMatches }),
    },
    deny: listFlag("Also deny paths matching this glob, repeatable", { env: false, placeholder: "<glob>" }),
    noDefaultDeny: booleanFlag("Drop the built-in deny-list (.env, private keys, .git, .ssh, ...)", {
      env: false,
    }),
    ...serverFlags,
  },
});

export type Config = Exclude<ReturnType<typeof parseConfig>, "help">;

/** Parses the command line and environment; returns "help" for --help, throws ConfigError on bad input. */
export function parseConfig(argv: readonly string[], env: NodeJS.ProcessEnv) {
  const parsed = parseFlags(flags, argv, env);
  if (parsed === "help") return parsed;
  const { root, rootRw, deny, noDefaultDeny, ...rest } = parsed;
  const roots: ServerRoot[] = [
    ...root.map((path) => ({ path, writable: rest.allowWrite })),
    ...rootRw.map((path) => ({ path, writable: true })),
  ];
  return {
    ...rest,
    ...replicaConfigFor(rest, env),
    roots,
    deny: [...(noDefaultDeny ? [] : DEFAULT_DENY), ...deny],
  };
}

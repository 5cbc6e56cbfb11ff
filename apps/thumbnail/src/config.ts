import { availableParallelism } from "node:os";
import {
  booleanFlag,
  defineFlags,
  listFlag,
  numberFlag,
  parseFlags,
  replicaConfigFor,
  serverFlags,
} from "@mcpkit/core";
import { DEFAULT_IMAGE_LIMITS, DEFAULT_JOB_LIMITS } from "./limits.js";

export const flags = defineFlags({
  program: "thumbnail",
  summary:
    "An MCP server that makes image thumbnails with sharp. Roots are the directories its tools may read " +
    "and write; a client's MCP roots can narrow them, never widen them.",
  envPrefix: "THUMBNAIL",
  positionals: { flag: "roots", usage: "[root...]" },
  flags: {
    roots: listFlag("Allowed root, repeatable; positional arguments are roots too", {
      name: "root",
      env: "ROOTS",
      placeholder: "<dir>",
    }),
    ...serverFlags,
    limits: {
      maxInputBytes: numberFlag("Largest input image", { default: DEFAULT_IMAGE_LIMITS.maxInputBytes }),
      maxPixels: numberFlag("Largest decoded image", { default: DEFAULT_IMAGE_LIMITS.maxPixels }),
      maxPages: numberFlag("Most frames of an animation", { default: DEFAULT_IMAGE_LIMITS.maxPages }),
      maxChannels: numberFlag("Most channels", { max: 5, default: DEFAULT_IMAGE_LIMITS.maxChannels }),
      maxOutputSide: numberFlag("Largest thumbnail side", {
        max: 16383,
        default: DEFAULT_IMAGE_LIMITS.maxOutputSide,
      }),
      maxOutputBytes: numberFlag("Largest image returned or written", {
        min: 1024,
        default: DEFAULT_IMAGE_LIMITS.maxOutputBytes,
      }),
      maxBatchFiles: numberFlag("Most files per thumbnail_directory call", {
        default: DEFAULT_IMAGE_LIMITS.maxBatchFiles,
      }),
      allowSvg: booleanFlag("Accept SVG input (off by default)"),
    },
    jobs: {
      concurrency: numberFlag("Images processed at once", {
        max: 64,
        default: Math.min(4, availableParallelism()),
        defaultHelp: "min(4, CPUs)",
      }),
      maxQueue: numberFlag('Calls that may wait before "busy"', {
        min: 0,
        default: DEFAULT_JOB_LIMITS.maxQueue,
      }),
      timeoutSeconds: numberFlag("Processing time per image", {
        name: "timeout",
        max: 3600,
        default: DEFAULT_JOB_LIMITS.timeoutSeconds,
        placeholder: "<seconds>",
      }),
    },
  },
});

export type Config = Exclude<ReturnType<typeof parseConfig>, "help">;

/** Parses the command line and environment; returns "help" for --help, throws ConfigError on bad input. */
export function parseConfig(argv: readonly string[], env: NodeJS.ProcessEnv) {
  const values = parseFlags(flags, argv, env);
  return values === "help" ? values : { ...values, ...replicaConfigFor(values, env) };
}

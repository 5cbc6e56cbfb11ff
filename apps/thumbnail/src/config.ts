import { availableParallelism } from "node:os";
import { delimiter } from "node:path";
import {
  hostFlag,
  logLevelFlag,
  parseCommandLine,
  portFlag,
  transportFlag,
  wholeNumberFlag,
} from "@mcpkit/core";
import { z } from "zod";
import { DEFAULT_IMAGE_LIMITS, DEFAULT_JOB_LIMITS } from "./limits.js";

export const HELP = `Usage: thumbnail [options] [root...]

An MCP server that makes image thumbnails with sharp. Roots are the directories its tools may
read and write; a client's MCP roots can narrow them, never widen them.

Options (each also read from the environment variable in brackets; flags win):
  --root <dir>               Allowed root, repeatable; positional arguments are roots too
                             [THUMBNAIL_ROOTS, separated by "${delimiter}"]
  --transport <stdio|http>   Default stdio [THUMBNAIL_TRANSPORT]
  --host <host>              HTTP host, default 127.0.0.1 [THUMBNAIL_HOST]
  --port <port>              HTTP port, default 3000 [THUMBNAIL_PORT]
  --max-input-bytes <n>      Largest input image, default ${DEFAULT_IMAGE_LIMITS.maxInputBytes} [THUMBNAIL_MAX_INPUT_BYTES]
  --max-pixels <n>           Largest decoded image, default ${DEFAULT_IMAGE_LIMITS.maxPixels} [THUMBNAIL_MAX_PIXELS]
  --max-pages <n>            Most frames of an animation, default ${DEFAULT_IMAGE_LIMITS.maxPages} [THUMBNAIL_MAX_PAGES]
  --max-channels <n>         Most channels, default ${DEFAULT_IMAGE_LIMITS.maxChannels} [THUMBNAIL_MAX_CHANNELS]
  --max-output-side <n>      Largest thumbnail side, default ${DEFAULT_IMAGE_LIMITS.maxOutputSide} [THUMBNAIL_MAX_OUTPUT_SIDE]
  --max-output-bytes <n>     Largest image returned or written, default ${DEFAULT_IMAGE_LIMITS.maxOutputBytes} [THUMBNAIL_MAX_OUTPUT_BYTES]
  --max-batch-files <n>      Most files per thumbnail_directory call, default ${DEFAULT_IMAGE_LIMITS.maxBatchFiles} [THUMBNAIL_MAX_BATCH_FILES]
  --allow-svg                Accept SVG input (off by default) [THUMBNAIL_ALLOW_SVG=1]
  --concurrency <n>          Images processed at once, default min(4, CPUs) [THUMBNAIL_CONCURRENCY]
  --max-queue <n>            Calls that may wait before "busy", default ${DEFAULT_JOB_LIMITS.maxQueue} [THUMBNAIL_MAX_QUEUE]
  --timeout <seconds>        Processing time per image, default ${DEFAULT_JOB_LIMITS.timeoutSeconds} [THUMBNAIL_TIMEOUT]
  --log-level <level>        debug|info|warning|error|silent, default info [THUMBNAIL_LOG_LEVEL]
  --help                     Show this help
`;

const flag = z
  .union([z.boolean(), z.enum(["1", "true", "yes", "0", "false", "no", ""])])
  .transform((value) => value === true || value === "1" || value === "true" || value === "yes");

const configSchema = z.object({
  roots: z.array(z.string().min(1)),
  transport: transportFlag,
  host: hostFlag,
  port: portFlag,
  logLevel: logLevelFlag,
  limits: z.object({
    maxInputBytes: wholeNumberFlag("--max-input-bytes").default(DEFAULT_IMAGE_LIMITS.maxInputBytes),
    maxPixels: wholeNumberFlag("--max-pixels").default(DEFAULT_IMAGE_LIMITS.maxPixels),
    maxPages: wholeNumberFlag("--max-pages").default(DEFAULT_IMAGE_LIMITS.maxPages),
    maxChannels: wholeNumberFlag("--max-channels")
      .max(5, "--max-channels must be at most 5")
      .default(DEFAULT_IMAGE_LIMITS.maxChannels),
    maxOutputSide: wholeNumberFlag("--max-output-side")
      .max(16383, "--max-output-side must be at most 16383")
      .default(DEFAULT_IMAGE_LIMITS.maxOutputSide),
    maxOutputBytes: wholeNumberFlag("--max-output-bytes", 1024).default(DEFAULT_IMAGE_LIMITS.maxOutputBytes),
    maxBatchFiles: wholeNumberFlag("--max-batch-files").default(DEFAULT_IMAGE_LIMITS.maxBatchFiles),
    allowSvg: flag.default(false),
  }),
  jobs: z.object({
    concurrency: wholeNumberFlag("--concurrency")
      .max(64, "--concurrency must be at most 64")
      .default(Math.min(4, availableParallelism())),
    maxQueue: wholeNumberFlag("--max-queue", 0).default(DEFAULT_JOB_LIMITS.maxQueue),
    timeoutSeconds: wholeNumberFlag("--timeout")
      .max(3600, "--timeout must be at most 3600")
      .default(DEFAULT_JOB_LIMITS.timeoutSeconds),
  }),
});

export type Config = z.infer<typeof configSchema>;

const text = { type: "string" } as const;

/** Parses the command line and environment; returns "help" for --help, throws ConfigError on bad input. */
export function parseConfig(argv: readonly string[], env: NodeJS.ProcessEnv): Config | "help" {
  return parseCommandLine(argv, env, {
    envPrefix: "THUMBNAIL",
    allowPositionals: true,
    options: {
      root: { type: "string", multiple: true },
      transport: text,
      host: text,
      port: text,
      "log-level": text,
      "max-input-bytes": text,
      "max-pixels": text,
      "max-pages": text,
      "max-channels": text,
      "max-output-side": text,
      "max-output-bytes": text,
      "max-batch-files": text,
      "allow-svg": { type: "boolean" },
      concurrency: text,
      "max-queue": text,
      timeout: text,
    },
    schema: configSchema,
    input: (pick, { values, positionals }) => {
      const envRoots = env.THUMBNAIL_ROOTS?.split(delimiter).filter((root) => root !== "") ?? [];
      const cliRoots = [...(values.root ?? []), ...positionals];
      return {
        roots: cliRoots.length > 0 ? cliRoots : envRoots,
        transport: pick("transport"),
        host: pick("host"),
        port: pick("port"),
        logLevel: pick("log-level"),
        limits: {
          maxInputBytes: pick("max-input-bytes"),
          maxPixels: pick("max-pixels"),
          maxPages: pick("max-pages"),
          maxChannels: pick("max-channels"),
          maxOutputSide: pick("max-output-side"),
          maxOutputBytes: pick("max-output-bytes"),
          maxBatchFiles: pick("max-batch-files"),
          allowSvg: pick("allow-svg"),
        },
        jobs: {
          concurrency: pick("concurrency"),
          maxQueue: pick("max-queue"),
          timeoutSeconds: pick("timeout"),
        },
      };
    },
  });
}

import { logLevelFlag, parseCommandLine } from "@mcpkit/core";
import { z } from "zod";

export const HELP = `Usage: everything [options]

An MCP server exercising every protocol feature: the official conformance suite's fixture and a
demo of everything @mcpkit/core can do.

Options (each also read from the environment variable in brackets; flags win):
  --transport <stdio|http|sse>   Default stdio [EVERYTHING_TRANSPORT]
  --host <host>                  HTTP host, default 127.0.0.1 [EVERYTHING_HOST]
  --port <port>                  HTTP port, default 3000; 0 picks a free one [EVERYTHING_PORT]
  --stateless                    Streamable HTTP without sessions [EVERYTHING_STATELESS=1]
  --json                         Answer POSTs with JSON instead of SSE streams [EVERYTHING_JSON=1]
  --close-streams-after <ms>     Close a call's SSE stream after this long for the client to resume
                                 it (SEP-1699 polling); 0 never, default 250 [EVERYTHING_CLOSE_STREAMS_AFTER]
  --log-level <level>            debug|info|warning|error|silent, default info [EVERYTHING_LOG_LEVEL]
  --help                         Show this help
`;

const flag = z
  .union([z.boolean(), z.enum(["1", "true", "yes", "0", "false", "no", ""])])
  .transform((value) => value === true || value === "1" || value === "true" || value === "yes");

const configSchema = z.object({
  transport: z
    .enum(["stdio", "http", "sse"], { error: "--transport must be stdio, http or sse" })
    .default("stdio"),
  host: z.string().min(1, "--host must not be empty").default("127.0.0.1"),
  port: z.coerce
    .number({ error: "--port must be a number" })
    .int("--port must be a whole number")
    .min(0, "--port must be between 0 and 65535")
    .max(65_535, "--port must be between 0 and 65535")
    .default(3000),
  stateless: flag.default(false),
  json: flag.default(false),
  closeStreamsAfterMs: z.coerce
    .number({ error: "--close-streams-after must be a number of milliseconds" })
    .int("--close-streams-after must be a whole number of milliseconds")
    .min(0, "--close-streams-after must not be negative")
    .default(250),
  logLevel: logLevelFlag,
});

export type Config = z.infer<typeof configSchema>;

const text = { type: "string" } as const;
const bool = { type: "boolean" } as const;

/** Parses the command line and environment; returns "help" for --help, throws ConfigError on bad input. */
export function parseConfig(argv: readonly string[], env: NodeJS.ProcessEnv): Config | "help" {
  return parseCommandLine(argv, env, {
    envPrefix: "EVERYTHING",
    options: {
      transport: text,
      host: text,
      port: text,
      stateless: bool,
      json: bool,
      "close-streams-after": text,
      "log-level": text,
    },
    schema: configSchema,
    input: (pick) => ({
      transport: pick("transport"),
      host: pick("host"),
      port: pick("port"),
      stateless: pick("stateless"),
      json: pick("json"),
      closeStreamsAfterMs: pick("close-streams-after"),
      logLevel: pick("log-level"),
    }),
  });
}

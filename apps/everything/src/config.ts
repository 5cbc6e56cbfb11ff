import {
  booleanFlag,
  defineFlag,
  defineFlags,
  numberFlag,
  parseFlags,
  RateLimiter,
  type RateLimitSpec,
  REQUEST_STATE_KEY_ENV,
  replicaConfigFor,
  serverFlags,
} from "@mcpkit/core";
import { z } from "zod";

export const flags = defineFlags({
  program: "everything",
  summary:
    "An MCP server exercising every protocol feature: the official conformance suite's fixture and a " +
    "demo of everything @mcpkit/core can do.",
  envPrefix: "EVERYTHING",
  flags: {
    ...serverFlags,
    stateless: booleanFlag("Streamable HTTP without sessions"),
    json: booleanFlag("Answer POSTs with JSON instead of SSE streams"),
    pageSize: numberFlag("Items per page of every list (tools, resources, prompts)", {
      name: "page-size",
      min: 1,
      default: 100,
      placeholder: "<n>",
    }),
    rateLimit: defineFlag({
      kind: "string",
      help: 'Tool calls allowed across the whole server, e.g. "100/minute"; one limit for all replicas on --redis-url',
      placeholder: "<count/period>",
      schema: z
        .string()
        .refine(isRateLimit, 'must look like "100/minute" (count per second, minute, hour or day)')
        .transform((spec) => spec as RateLimitSpec)
        .optional(),
    }),
    rateLimitFailOpen: booleanFlag(
      "While the rate limiter's store (Redis) is down, run rate-limited calls unlimited instead of refusing them",
    ),
    closeStreamsAfterMs: numberFlag(
      "Close a call's SSE stream after this long for the client to resume it (SEP-1699 polling); 0 never",
      { name: "close-streams-after", min: 0, default: 0, placeholder: "<ms>" },
    ),
  },
  notes: `${REQUEST_STATE_KEY_ENV}: the secret sealing 2026 multi round-trip state (comma-separated to rotate keys).`,
});

export type Config = Exclude<ReturnType<typeof parseConfig>, "help">;

/** Parses the command line and environment; returns "help" for --help, throws ConfigError on bad input. */
export function parseConfig(argv: readonly string[], env: NodeJS.ProcessEnv) {
  const values = parseFlags(flags, argv, env);
  return values === "help" ? values : { ...values, ...replicaConfigFor(values, env) };
}

function isRateLimit(spec: string): boolean {
  try {
    new RateLimiter(spec as RateLimitSpec);
    return true;
  } catch {
    return false;
  }
}

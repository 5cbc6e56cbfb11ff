import { booleanFlag, defineFlags, numberFlag, parseFlags, serverFlags } from "@mcpkit/core";

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
    closeStreamsAfterMs: numberFlag(
      "Close a call's SSE stream after this long for the client to resume it (SEP-1699 polling); 0 never",
      { name: "close-streams-after", min: 0, default: 0, placeholder: "<ms>" },
    ),
  },
});

export type Config = Exclude<ReturnType<typeof parseConfig>, "help">;

/** Parses the command line and environment; returns "help" for --help, throws ConfigError on bad input. */
export function parseConfig(argv: readonly string[], env: NodeJS.ProcessEnv) {
  return parseFlags(flags, argv, env);
}

import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { McpError } from "@mcpkit/core";
import { parseToolArguments } from "../coerce-args.js";
import { defineCommand, targetOptions } from "../command.js";
import { connectTarget, printLog, serverError } from "../connect.js";
import { UsageError } from "../errors.js";
import { PROTOCOL_HELP, parseProtocol, protocolOption } from "../protocol-flag.js";
import { FileSaver, progressPrinter, renderToolResult } from "../render.js";
import { didYouMean } from "../suggest.js";
import { takeTarget } from "../take-target.js";
import { TARGET_HELP } from "../target.js";

export const outputOptions = {
  raw: { type: "boolean" },
  out: { type: "string" },
} as const;

export function fileSaver(out: string | undefined): FileSaver {
  return new FileSaver(out ? resolve(out) : join(tmpdir(), `mcpkit-${Date.now()}`));
}

export const callCommand = defineCommand({
  name: "call",
  summary: "Call a tool and print its result (key=value arguments or --json)",
  help: `Usage: mcpkit call <target> <tool> [key=value ...] [--json '{...}']

Calls one tool. Values are converted to the types the tool declares (numbers, booleans, and JSON
for objects and arrays); --json gives all arguments at once (key=value words override it).
Text is printed as is, structured content as a table, images and audio are saved to files.
The server's log messages and a progress bar go to stderr while the tool runs.

Exit codes: 0 success, 1 the tool reported an error (isError) or the server failed, 2 usage error.

Options:
  --json '<object>'   Arguments as one JSON object
  --raw               Print the whole result as JSON
  --out <dir>         Where images and other binary content are saved (default: a temp directory)
  --timeout <s>       Give up after this many seconds (default 60)
  --command "<cmd>"   Connect to this stdio command instead of a target
${PROTOCOL_HELP}
  -h, --help          Show this help

${TARGET_HELP}

Examples:
  mcpkit call weather get_forecast city=Tokyo days=3 -- --offline
  mcpkit call sqlite run_query --json '{"sql": "select 1"}'
  mcpkit call ./server.ts add a=1 b=2`,
  options: {
    ...targetOptions,
    ...protocolOption,
    ...outputOptions,
    json: { type: "string" },
    timeout: { type: "string" },
  },
  async run({ values, positionals, rest }) {
    const taken = takeTarget(positionals, rest, values.command);
    const [tool, ...words] = taken.positionals;
    if (!tool) throw new UsageError("Missing the tool name: mcpkit call <target> <tool> [key=value ...]");
    const protocol = parseProtocol(values.protocol);
    const timeoutMs = values.timeout === undefined ? 60_000 : Number(values.timeout) * 1000;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
      throw new UsageError("--timeout must be a positive number of seconds");
    // Syntax first, so a typo fails before a server is started; types once the schema is known.
    parseToolArguments(words, values.json, undefined);
    const progress = progressPrinter();
    await using client = await connectTarget(taken.target, {
      timeoutMs,
      protocol,
      onLog: (message) => {
        progress.done();
        printLog(message);
      },
    });
    const tools = await client.listTools();
    const found = tools.find((candidate) => candidate.name === tool);
    if (!found) {
      const names = tools.map((candidate) => candidate.name);
      throw new UsageError(
        `Unknown tool "${tool}".${didYouMean(tool, names)} Tools: ${names.join(", ") || "none"}`,
      );
    }
    const args = parseToolArguments(words, values.json, found.inputSchema);
    let result: Awaited<ReturnType<typeof client.callTool>>;
    try {
      result = await client.callTool(tool, args, {
        onProgress: (update) => progress.update(update),
        timeoutMs,
      });
    } catch (error) {
      throw error instanceof McpError ? serverError(error, `Calling ${tool}`) : error;
    } finally {
      progress.done();
    }
    const text = values.raw
      ? JSON.stringify(result, null, 2)
      : renderToolResult(result, fileSaver(values.out));
    (result.isError ? process.stderr : process.stdout).write(`${text}\n`);
    return result.isError ? 1 : 0;
  },
});

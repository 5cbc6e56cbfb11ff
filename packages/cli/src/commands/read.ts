import { ErrorCode, McpError } from "@mcpkit/core";
import { defineCommand, targetOptions } from "../command.js";
import { connectTarget, printLog, serverError } from "../connect.js";
import { CliError, UsageError } from "../errors.js";
import { PROTOCOL_HELP, parseProtocol, protocolOption } from "../protocol-flag.js";
import { renderResource } from "../render.js";
import { didYouMean } from "../suggest.js";
import { takeTarget } from "../take-target.js";
import { TARGET_HELP } from "../target.js";
import { fileSaver, outputOptions } from "./call.js";

const NOT_FOUND: number[] = [ErrorCode.ResourceNotFound, ErrorCode.InvalidParams];

export const readCommand = defineCommand({
  name: "read",
  summary: "Read a resource by URI and print it",
  help: `Usage: mcpkit read <target> <uri>

Reads one resource (a listed one or any URI a template matches). Text is printed; binary
contents are saved to files.

Options:
  --raw               Print the whole result as JSON
  --out <dir>         Where binary contents are saved (default: a temp directory)
  --command "<cmd>"   Connect to this stdio command instead of a target
${PROTOCOL_HELP}
  -h, --help          Show this help

${TARGET_HELP}

Example:
  mcpkit read weather "weather://Paris/forecast" -- --offline`,
  options: { ...targetOptions, ...protocolOption, ...outputOptions },
  async run({ values, positionals, rest }) {
    const taken = takeTarget(positionals, rest, values.command);
    const [uri, ...extra] = taken.positionals;
    if (!uri) throw new UsageError("Missing the resource URI: mcpkit read <target> <uri>");
    if (extra.length > 0) throw new UsageError(`Unexpected arguments: ${extra.join(" ")}`);
    await using client = await connectTarget(taken.target, {
      onLog: printLog,
      protocol: parseProtocol(values.protocol),
    });
    try {
      const result = await client.readResource(uri);
      const text = values.raw
        ? JSON.stringify(result, null, 2)
        : renderResource(result, fileSaver(values.out));
      process.stdout.write(`${text}\n`);
      return 0;
    } catch (error) {
      // 2026 servers (and SDK v2 on both eras) answer an unknown URI with -32602, not -32002.
      if (error instanceof McpError && NOT_FOUND.includes(error.code)) {
        const known = (await client.listResources()).map((resource) => resource.uri);
        const templates = (await client.listResourceTemplates()).map((template) => template.uriTemplate);
        const hint = [...known, ...templates].join(", ") || "none";
        const reason =
          error.code === ErrorCode.ResourceNotFound ? `Resource not found: ${uri}` : error.message;
        throw new CliError(`${reason}.${didYouMean(uri, known)} Resources: ${hint}`);
      }
      throw serverError(error, `Reading ${uri}`);
    }
  },
});

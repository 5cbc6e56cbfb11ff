import { McpError } from "@mcpkit/core";
import { defineCommand, targetOptions } from "../command.js";
import { connectTarget, printLog, serverError } from "../connect.js";
import { UsageError } from "../errors.js";
import { PROTOCOL_HELP, parseProtocol, protocolOption } from "../protocol-flag.js";
import { renderPrompt } from "../render.js";
import { didYouMean } from "../suggest.js";
import { takeTarget } from "../take-target.js";
import { TARGET_HELP } from "../target.js";
import { fileSaver, outputOptions } from "./call.js";

export const promptCommand = defineCommand({
  name: "prompt",
  summary: "Get a prompt with arguments and print its messages",
  help: `Usage: mcpkit prompt <target> <name> [key=value ...]

Gets one prompt and prints its messages as "role: content".

Options:
  --raw               Print the whole result as JSON
  --out <dir>         Where images and other binary content are saved (default: a temp directory)
  --command "<cmd>"   Connect to this stdio command instead of a target
${PROTOCOL_HELP}
  -h, --help          Show this help

${TARGET_HELP}

Example:
  mcpkit prompt sqlite explore_table table=orders`,
  options: { ...targetOptions, ...protocolOption, ...outputOptions },
  async run({ values, positionals, rest }) {
    const taken = takeTarget(positionals, rest, values.command);
    const [name, ...words] = taken.positionals;
    if (!name) throw new UsageError("Missing the prompt name: mcpkit prompt <target> <name> [key=value ...]");
    const args: Record<string, string> = {};
    for (const word of words) {
      const equals = word.indexOf("=");
      if (equals <= 0) throw new UsageError(`Prompt arguments are key=value, got "${word}"`);
      args[word.slice(0, equals)] = word.slice(equals + 1);
    }
    await using client = await connectTarget(taken.target, {
      onLog: printLog,
      protocol: parseProtocol(values.protocol),
    });
    const prompts = await client.listPrompts();
    const found = prompts.find((prompt) => prompt.name === name);
    if (!found) {
      const names = prompts.map((prompt) => prompt.name);
      throw new UsageError(
        `Unknown prompt "${name}".${didYouMean(name, names)} Prompts: ${names.join(", ") || "none"}`,
      );
    }
    const declared = new Set((found.arguments ?? []).map((argument) => argument.name));
    for (const key of Object.keys(args)) {
      if (!declared.has(key))
        throw new UsageError(
          `Unknown argument "${key}".${didYouMean(key, [...declared])} The prompt takes: ${[...declared].join(", ") || "no arguments"}`,
        );
    }
    try {
      const result = await client.getPrompt(name, args);
      process.stdout.write(
        `${values.raw ? JSON.stringify(result, null, 2) : renderPrompt(result, fileSaver(values.out))}\n`,
      );
      return 0;
    } catch (error) {
      throw error instanceof McpError ? serverError(error, `Getting prompt ${name}`) : error;
    }
  },
});

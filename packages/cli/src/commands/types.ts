import { writeFileSync } from "node:fs";
import type { Tool } from "@mcpkit/core";
import { defineCommand, targetOptions } from "../command.js";
import { connectTarget, printLog } from "../connect.js";
import { UsageError } from "../errors.js";
import { jsDoc, propertyName, schemaToType } from "../schema-to-type.js";
import { takeTarget } from "../take-target.js";
import { TARGET_HELP } from "../target.js";

export const typesCommand = defineCommand({
  name: "types",
  summary: "Write a TypeScript declaration of a server's tools, to type a Client",
  help: `Usage: mcpkit types <target> [--out <file.ts>] [--name <TypeName>]

Connects to the server, reads its tools/list and prints a TypeScript type of its tools: each
tool's arguments (from its inputSchema) and structured result (from its outputSchema), with the
descriptions as JSDoc. Pass it to a Client for typed calls:

  import type { WeatherTools } from "./weather-tools.js";
  const client = await Client.connect<WeatherTools>("http://127.0.0.1:3000/mcp");
  await client.callTool("get_forecast", { city: "Oslo" }); // checked by tsc

Options:
  --out <file>        Write the declaration to this file instead of stdout
  --name <TypeName>   The type's name; default: the server's name in PascalCase + "Tools"
  --command "<cmd>"   Connect to this stdio command instead of a target
  -h, --help          Show this help

${TARGET_HELP}

Examples:
  mcpkit types weather --out src/weather-tools.ts
  mcpkit types http://127.0.0.1:3000/mcp --name RemoteTools`,
  options: { ...targetOptions, out: { type: "string" }, name: { type: "string" } },
  async run({ values, positionals, rest }) {
    const { target } = takeTarget(positionals, rest, values.command);
    if (values.name !== undefined && !/^[A-Za-z_$][\w$]*$/.test(values.name))
      throw new UsageError(`--name must be a TypeScript identifier, got "${values.name}"`);
    await using client = await connectTarget(target, { onLog: printLog });
    const tools = client.serverCapabilities.tools ? await client.listTools() : [];
    const { name, version } = client.serverInfo;
    const typeName = values.name ?? `${pascalCase(name)}Tools`;
    const source = toolsDeclaration(typeName, tools, `${name} ${version}`);
    if (values.out === undefined) process.stdout.write(source);
    else {
      writeFileSync(values.out, source);
      process.stderr.write(`mcpkit: wrote ${typeName} (${tools.length} tools) to ${values.out}\n`);
    }
    return 0;
  },
});

/** The declaration file's text: one exported type, a member per tool. */
export function toolsDeclaration(typeName: string, tools: Tool[], server: string): string {
  const lines = [
    `// Written by \`mcpkit types\` from the tools/list of ${server}; run it again to update.`,
    ...jsDoc(
      `The tools of ${server}: \`Client.connect<${typeName}>(...)\` from @mcpkit/core types its calls.`,
      "",
    ),
    `export type ${typeName} = {`,
  ];
  for (const tool of [...tools].sort((a, b) => a.name.localeCompare(b.name))) {
    if (tool.description) lines.push(...jsDoc(tool.description, "  "));
    const output = tool.outputSchema ? schemaToType(tool.outputSchema, "    ") : "Record<string, unknown>";
    lines.push(`  ${propertyName(tool.name)}: {`);
    lines.push(`    input: ${schemaToType({ type: "object", ...tool.inputSchema }, "    ")};`);
    lines.push(`    output: ${output};`);
    lines.push("  };");
  }
  lines.push("};", "");
  return lines.join("\n");
}

function pascalCase(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const joined = words.map((word) => word[0]?.toUpperCase() + word.slice(1)).join("");
  return /^[A-Za-z]/.test(joined) ? joined : `Server${joined}`;
}

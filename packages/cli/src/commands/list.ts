import type { Prompt, Resource, ResourceTemplate, Tool } from "@mcpkit/core";
import { defineCommand, targetOptions } from "../command.js";
import { connectTarget, printLog } from "../connect.js";
import { PROTOCOL_HELP, parseProtocol, protocolOption } from "../protocol-flag.js";
import { takeTarget } from "../take-target.js";
import { TARGET_HELP } from "../target.js";

export const listCommand = defineCommand({
  name: "list",
  summary: "Show a server's tools (with parameters), resources, templates and prompts",
  help: `Usage: mcpkit list <target> [--json]

Connects to the server and prints what it offers: tools with their parameters, resources,
resource templates and prompts.

Options:
  --json              Print the raw lists as JSON
  --command "<cmd>"   Connect to this stdio command instead of a target
${PROTOCOL_HELP}
  -h, --help          Show this help

${TARGET_HELP}

Examples:
  mcpkit list sqlite
  mcpkit list ./src/server.ts
  mcpkit list http://127.0.0.1:3000/mcp
  mcpkit list -- node build/server.js`,
  options: { ...targetOptions, ...protocolOption, json: { type: "boolean" } },
  async run({ values, positionals, rest }) {
    const { target } = takeTarget(positionals, rest, values.command);
    await using client = await connectTarget(target, {
      onLog: printLog,
      protocol: parseProtocol(values.protocol),
    });
    const capabilities = client.serverCapabilities;
    const tools = capabilities.tools ? await client.listTools() : [];
    const resources = capabilities.resources ? await client.listResources() : [];
    const templates = capabilities.resources ? await client.listResourceTemplates() : [];
    const prompts = capabilities.prompts ? await client.listPrompts() : [];
    if (values.json) {
      const server = client.serverInfo;
      process.stdout.write(
        `${JSON.stringify({ server, tools, resources, resourceTemplates: templates, prompts }, null, 2)}\n`,
      );
      return 0;
    }
    const { name, version } = client.serverInfo;
    const sections = [`${name} ${version} (protocol ${client.protocolVersion})`];
    sections.push(section("Tools", tools.map(describeTool)));
    sections.push(section("Resources", resources.map(describeResource)));
    sections.push(section("Resource templates", templates.map(describeTemplate)));
    sections.push(section("Prompts", prompts.map(describePrompt)));
    process.stdout.write(`${sections.join("\n\n")}\n`);
    return 0;
  },
});

function section(title: string, items: string[]): string {
  if (items.length === 0) return `${title}: none`;
  return `${title} (${items.length}):\n${items.map((item) => `  ${item}`).join("\n")}`;
}

function describeTool(tool: Tool): string {
  const properties = (tool.inputSchema.properties ?? {}) as Record<string, Record<string, unknown>>;
  const required = new Set(
    Array.isArray(tool.inputSchema.required) ? (tool.inputSchema.required as string[]) : [],
  );
  const parameters = Object.entries(properties).map(([name, schema]) => {
    const optional = required.has(name) ? "" : "?";
    const fallback = schema.default === undefined ? "" : ` = ${JSON.stringify(schema.default)}`;
    return `${name}${optional}: ${typeName(schema)}${fallback}`;
  });
  const hints = tool.annotations?.readOnlyHint
    ? " [read-only]"
    : tool.annotations?.destructiveHint
      ? " [destructive]"
      : "";
  const lines = [`${tool.name}(${parameters.join(", ")})${hints}`];
  if (tool.description) lines.push(`    ${firstLine(tool.description)}`);
  for (const [name, schema] of Object.entries(properties)) {
    if (typeof schema.description === "string") lines.push(`      ${name}: ${firstLine(schema.description)}`);
  }
  return lines.join("\n");
}

function typeName(schema: Record<string, unknown>): string {
  if (Array.isArray(schema.enum)) return schema.enum.map((item) => JSON.stringify(item)).join("|");
  if (Array.isArray(schema.type)) return schema.type.join("|");
  if (schema.type === "array" && typeof schema.items === "object" && schema.items !== null) {
    const item = typeName(schema.items as Record<string, unknown>);
    return item.includes("|") ? `(${item})[]` : `${item}[]`;
  }
  if (typeof schema.type === "string") return schema.type;
  const union = (schema.anyOf ?? schema.oneOf) as Record<string, unknown>[] | undefined;
  if (Array.isArray(union)) return union.map(typeName).join("|");
  return "any";
}

function describeResource(resource: Resource): string {
  const extra = [resource.mimeType, resource.name !== resource.uri ? resource.name : undefined]
    .filter(Boolean)
    .join(", ");
  return `${resource.uri}${extra ? `  (${extra})` : ""}${resource.description ? `\n    ${firstLine(resource.description)}` : ""}`;
}

function describeTemplate(template: ResourceTemplate): string {
  const extra = template.mimeType ? `  (${template.mimeType})` : "";
  return `${template.uriTemplate}${extra}${template.description ? `\n    ${firstLine(template.description)}` : ""}`;
}

function describePrompt(prompt: Prompt): string {
  const args = (prompt.arguments ?? []).map((argument) => `${argument.name}${argument.required ? "" : "?"}`);
  return `${prompt.name}(${args.join(", ")})${prompt.description ? `\n    ${firstLine(prompt.description)}` : ""}`;
}

function firstLine(text: string): string {
  const line = text.split("\n")[0] ?? "";
  return line.length > 160 ? `${line.slice(0, 159)}…` : line;
}

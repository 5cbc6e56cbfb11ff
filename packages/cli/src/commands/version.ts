import { LATEST_PROTOCOL_VERSION, SUPPORTED_PROTOCOL_VERSIONS } from "@mcpkit/core";
import { defineCommand } from "../command.js";
import { packageVersions } from "../versions.js";

export const versionCommand = defineCommand({
  name: "version",
  summary: "Print versions of mcpkit, @mcpkit/core, the MCP SDK, Node and the protocol revisions",
  help: `Usage: mcpkit version [--json]

Prints the versions of mcpkit, @mcpkit/core, the MCP TypeScript SDK it builds on, Node.js, and
the MCP protocol revisions servers and clients built with it speak (newest first).

Options:
  --json       Print as JSON
  -h, --help   Show this help`,
  options: { json: { type: "boolean" } },
  async run({ values }) {
    const { cli, core, sdk } = packageVersions();
    const info = {
      mcpkit: cli,
      core,
      sdk,
      node: process.versions.node,
      protocol: [...SUPPORTED_PROTOCOL_VERSIONS],
    };
    if (values.json) {
      process.stdout.write(`${JSON.stringify(info, null, 2)}\n`);
      return 0;
    }
    const revisions = SUPPORTED_PROTOCOL_VERSIONS.map((version) =>
      version === LATEST_PROTOCOL_VERSION ? `${version} (latest)` : version,
    );
    const lines = [
      `mcpkit              ${cli}`,
      `@mcpkit/core        ${core}`,
      `MCP TypeScript SDK  ${sdk}`,
      `Node.js             ${process.versions.node}`,
      `MCP protocol        ${revisions.join(", ")}`,
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
    return 0;
  },
});

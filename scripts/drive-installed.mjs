// Copied into the temporary project by scripts/pack-and-run.mjs and run there, so that it imports
// the official SDK that project installed from the registry (not this workspace's copy):
//   node drive-installed.mjs <folder for file-manager and thumbnail>
// Starts each app the way a client config does (`npx -y @mcpkit/<app> ...`; with `-y` npx passes
// every later flag to the app, while with `--no` npm takes `--offline` and `--config` as its own),
// lists its tools and makes one call that must succeed offline. Exits 1 if any app fails.
// biome-ignore-all lint/style/noRestrictedImports: the point is a user's client, the official SDK's
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const folder = process.argv[2];
if (!folder) throw new Error("usage: node drive-installed.mjs <folder>");
const PNG_1X1 =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
const gatewayConfig = "node_modules/@mcpkit/api-gateway/examples/gateway.yaml";

const APPS = [
  { app: "sqlite", args: [], tool: "list_tables", arguments: {}, expect: "customers" },
  {
    app: "weather",
    args: ["--offline"],
    tool: "get_weather",
    arguments: { city: "London" },
    expect: "London",
  },
  {
    app: "file-manager",
    args: ["--root", folder],
    tool: "list_directory",
    arguments: {},
    expect: "hello.txt",
  },
  {
    app: "thumbnail",
    args: ["--root", folder],
    tool: "image_info",
    arguments: { image: { data: PNG_1X1 } },
    expect: "png",
  },
  {
    app: "api-gateway",
    args: ["--config", gatewayConfig],
    env: { PETSTORE_TOKEN: "demo-token" },
    tool: "list_upstreams",
    arguments: {},
    expect: "petstore",
  },
  { app: "everything", args: [], tool: "test_simple_text", arguments: {}, expect: "" },
];

// Generous: a hang catcher only, for a loaded 2-core machine starting npx and node.
const TIMEOUT = { timeout: 120_000 };
const failures = [];
for (const { app, args, env, tool, arguments: toolArguments, expect } of APPS) {
  const transport = new StdioClientTransport({
    command: "npx",
    args: ["-y", `@mcpkit/${app}`, ...args],
    env: { ...process.env, ...env },
    stderr: "pipe",
  });
  const stderr = [];
  transport.stderr?.on("data", (chunk) => stderr.push(chunk));
  const client = new Client({ name: "pack-and-run", version: "1.0.0" });
  try {
    await client.connect(transport, TIMEOUT);
    const { tools } = await client.listTools({}, TIMEOUT);
    const result = await client.callTool({ name: tool, arguments: toolArguments }, undefined, TIMEOUT);
    const text = result.content
      .filter((part) => part.type === "text")
      .map((part) => part.text)
      .join("\n");
    if (result.isError) throw new Error(`${tool} returned isError: ${text}`);
    if (!text.toLowerCase().includes(expect.toLowerCase()) || text === "")
      throw new Error(`${tool} answered without "${expect}": ${text.slice(0, 300)}`);
    const version = client.getServerVersion();
    console.error(
      `ok   npx @mcpkit/${app}: ${version?.name} ${version?.version}, ${tools.length} tools, ${tool} answered`,
    );
  } catch (error) {
    failures.push(app);
    console.error(`FAIL npx @mcpkit/${app}: ${error instanceof Error ? error.message : error}`);
    console.error(Buffer.concat(stderr).toString("utf8").slice(-2000));
  } finally {
    await client.close();
  }
}
if (failures.length > 0) {
  console.error(`failed: ${failures.join(", ")}`);
  process.exit(1);
}

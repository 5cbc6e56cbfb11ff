import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { HttpRpcClient } from "./http-client.js";
import { handshake, type RpcClient } from "./rpc-client.js";
import { type StdioCommand, StdioRpcClient } from "./stdio-client.js";

/** A connected, initialized MCP session as the measurements see it. */
export interface Driver {
  callTool(name: string, args: Record<string, unknown>): Promise<Record<string, unknown>>;
  listTools(): Promise<Record<string, unknown>>;
  close(): Promise<void>;
  readonly pid: number | undefined;
}

/** Where a server is: a command to spawn on stdio, or a URL of an HTTP server already running. */
export type Target =
  | { kind: "stdio"; command: StdioCommand }
  | { kind: "http"; url: string; pid: number | undefined; headers?: Record<string, string> };

export type ClientKind = "minimal" | "sdk";

/** Connects (spawning a stdio server) and completes the handshake. */
export async function connect(target: Target, client: ClientKind): Promise<Driver> {
  return client === "minimal" ? connectMinimal(target) : connectSdk(target);
}

async function connectMinimal(target: Target): Promise<Driver> {
  const rpc: RpcClient =
    target.kind === "stdio"
      ? StdioRpcClient.spawn(target.command)
      : new HttpRpcClient(target.url, target.pid, 64, target.headers);
  try {
    await handshake(rpc);
  } catch (error) {
    await rpc.close();
    throw error;
  }
  return {
    pid: rpc.pid,
    callTool: (name, args) => rpc.request("tools/call", { name, arguments: args }),
    listTools: () => rpc.request("tools/list", {}),
    close: () => rpc.close(),
  };
}

async function connectSdk(target: Target): Promise<Driver> {
  const client = new Client({ name: "mcpkit-bench-sdk", version: "0.0.0" });
  let pid: number | undefined;
  if (target.kind === "stdio") {
    const transport = new StdioClientTransport({
      command: target.command.command,
      args: target.command.args,
      env: { ...(process.env as Record<string, string>), ...target.command.env },
      stderr: "ignore",
      ...(target.command.cwd ? { cwd: target.command.cwd } : {}),
    });
    await client.connect(transport);
    pid = transport.pid ?? undefined;
  } else {
    await client.connect(new StreamableHTTPClientTransport(new URL(target.url)));
    pid = target.pid;
  }
  return {
    pid,
    callTool: async (name, args) =>
      (await client.callTool({ name, arguments: args })) as Record<string, unknown>,
    listTools: async () => (await client.listTools()) as Record<string, unknown>,
    close: () => client.close(),
  };
}

import { request as httpRequest } from "node:http";
import { z } from "zod";
import { FastMCP, type HttpOptions, type RunningServer } from "../src/index.js";

/** A small server with tools that exercise streaming, sampling and cancellation over HTTP. */
export function createFixtureServer(
  hooks: { started?: () => void; aborted?: (reason: unknown) => void } = {},
): FastMCP {
  const mcp = new FastMCP({ name: "http-fixture", version: "1.0.0", logLevel: "silent" });
  mcp.tool({ name: "slow", description: "Sleeps", input: { ms: z.number() } }, async ({ ms }) => {
    hooks.started?.();
    await new Promise((resolve) => setTimeout(resolve, ms));
    return `slept ${ms}`;
  });
  mcp.tool(
    { name: "progress_then_wait", description: "Logs after 100 ms, answers after 150 ms" },
    async (_args, ctx) => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      await ctx.info("waiting");
      await new Promise((resolve) => setTimeout(resolve, 50));
      return "waited";
    },
  );
  mcp.tool({ name: "hang", description: "Waits until cancelled" }, (_args, ctx) => {
    hooks.started?.();
    return new Promise((_resolve, reject) => {
      ctx.signal.addEventListener("abort", () => {
        hooks.aborted?.(ctx.signal.reason);
        reject(ctx.signal.reason);
      });
    });
  });
  mcp.tool({ name: "echo", description: "Echo", input: { text: z.string() } }, ({ text }) => text);
  mcp.tool(
    { name: "whoami", description: "Caller identity" },
    (_args, ctx) => ctx.auth?.clientId ?? "anonymous",
  );
  mcp.tool({ name: "session_id", description: "Session id" }, (_args, ctx) => ctx.sessionId ?? "none");
  mcp.tool(
    { name: "progress", description: "Reports progress", input: { steps: z.number() } },
    async ({ steps }, ctx) => {
      for (let step = 1; step <= steps; step++) {
        await ctx.info(`step ${step}`);
        await ctx.reportProgress(step, steps);
      }
      return `done ${steps}`;
    },
  );
  mcp.tool(
    { name: "ask_model", description: "Sampling", input: { prompt: z.string() } },
    async ({ prompt }, ctx) => {
      const { text } = await ctx.sample(prompt, { maxTokens: 10 });
      return `model said: ${text}`;
    },
  );
  return mcp;
}

/** Runs `mcp` on 127.0.0.1 with an ephemeral port; dispose it with `await using`. */
export async function serve(
  mcp: FastMCP,
  options: Partial<HttpOptions> & { transport?: "http" | "sse" } = {},
) {
  const running: RunningServer = await mcp.run({
    transport: "http",
    host: "127.0.0.1",
    port: 0,
    handleSignals: false,
    ...options,
  });
  const url = new URL(running.url as string);
  return {
    url: url.href,
    origin: url.origin,
    running,
    async [Symbol.asyncDispose]() {
      await running.close();
    },
  };
}

export const INITIALIZE = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
} as const;

export const JSON_AND_SSE = {
  "Content-Type": "application/json",
  Accept: "application/json, text/event-stream",
};

/** Opens a session by hand and returns its id. */
export async function initializeSession(url: string, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(url, {
    method: "POST",
    headers: { ...JSON_AND_SSE, ...headers },
    body: JSON.stringify(INITIALIZE),
  });
  if (response.status !== 200)
    throw new Error(`initialize failed: ${response.status} ${await response.text()}`);
  await response.text();
  return response.headers.get("mcp-session-id") as string;
}

/** The JSON-RPC messages in a response: its JSON body, or the data of each SSE event. */
export async function readMessages(response: Response): Promise<Array<Record<string, unknown>>> {
  const text = await response.text();
  if (!response.headers.get("content-type")?.includes("text/event-stream")) {
    const parsed = JSON.parse(text) as unknown;
    return (Array.isArray(parsed) ? parsed : [parsed]) as Array<Record<string, unknown>>;
  }
  return text
    .split("\n")
    .filter((line) => line.startsWith("data: ") && line.length > "data: ".length)
    .map((line) => JSON.parse(line.slice("data: ".length)) as Record<string, unknown>);
}

/** POSTs one JSON-RPC message (or batch) to an MCP endpoint. */
export function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: "POST", headers: { ...JSON_AND_SSE, ...headers }, body: JSON.stringify(body) });
}

export function callTool(id: number, name: string, args: Record<string, unknown> = {}) {
  return { jsonrpc: "2.0", id, method: "tools/call", params: { name, arguments: args } };
}

/** A POST through node:http, which (unlike fetch) lets a test set the Host header. */
export function rawPost(
  url: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      { method: "POST", headers: { ...JSON_AND_SSE, ...headers } },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          text += chunk;
        });
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body: text }));
      },
    );
    request.on("error", reject);
    request.end(JSON.stringify(body));
  });
}

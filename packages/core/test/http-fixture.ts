import { createServer, request as httpRequest, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import { FastMCP, type HttpOptions, type RunningServer } from "../src/index.js";
import { type Deferred, deferred } from "./wait-for.js";

/**
 * Holds a fixture tool at each named step until the test opens it, and tells the test when the
 * tool got there: tests order events by these, never by how long a tool sleeps.
 */
export class Gates {
  private readonly steps = new Map<string, { reached: Deferred<void>; open: Deferred<void> }>();

  /** What a tool awaits at `step`: marks it reached, resolves once the test opens it. */
  readonly wait = (step: string): Promise<void> => {
    const gate = this.step(step);
    gate.reached.resolve();
    return gate.open.promise;
  };

  /** Resolves when the tool is held at `step`. */
  reached(step: string): Promise<void> {
    return this.step(step).reached.promise;
  }

  open(step: string): void {
    this.step(step).open.resolve();
  }

  private step(step: string) {
    let gate = this.steps.get(step);
    if (!gate) {
      gate = { reached: deferred(), open: deferred() };
      this.steps.set(step, gate);
    }
    return gate;
  }
}

export interface FixtureHooks {
  /** `hang` calls it as it starts. */
  started?: () => void;
  /** `hang` calls it with its signal's reason when that aborts. */
  aborted?: (reason: unknown) => void;
  /** `wait` and `log_then_wait` await it before each step (`Gates.wait`); without it they run through. */
  gate?: (step: string) => Promise<void>;
}

/** A small server with tools that exercise streaming, sampling and cancellation over HTTP. */
export function createFixtureServer(hooks: FixtureHooks = {}): FastMCP {
  const mcp = new FastMCP({ name: "http-fixture", version: "1.0.0", logLevel: "silent" });
  mcp.tool({ name: "wait", description: "Answers at the gate 'answer'" }, async () => {
    await hooks.gate?.("answer");
    return "waited";
  });
  mcp.tool(
    { name: "log_then_wait", description: "Logs at the gate 'log', answers at the gate 'answer'" },
    async (_args, ctx) => {
      await hooks.gate?.("log");
      await ctx.info("waiting");
      await hooks.gate?.("answer");
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

/** Serves `listener` (an app with the MCP endpoint mounted) on 127.0.0.1 with an ephemeral port. */
export async function listen(listener: RequestListener) {
  const app = createServer(listener);
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(app.address() as AddressInfo).port}`,
    async [Symbol.asyncDispose]() {
      app.closeAllConnections();
      await new Promise((resolve) => app.close(resolve));
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

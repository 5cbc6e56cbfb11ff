import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import {
  acceptedContent,
  createMcpHandler,
  inputRequired,
  inputResponse,
  McpServer,
} from "@modelcontextprotocol/server";
import { z } from "zod";

/**
 * A server nobody here wrote: the official SDK v2 (`@modelcontextprotocol/server`), serving both
 * eras from one factory, as its own docs show. The 2026 tools ask for input the SDK's way, by
 * returning `inputRequired(...)` and reading `ctx.mcpReq.inputResponses` when re-run.
 */

/** What outlives one request: `createMcpHandler` builds a fresh server for every request. */
export interface SdkFixtureState {
  extraTools: string[];
  /** Publish `notifications/tools/list_changed` and `notifications/resources/updated` to open listens. */
  toolsChanged: () => void;
  resourceUpdated?: (uri: string) => void;
  /** Whether the server declares `resources.subscribe` (default true). */
  subscribe?: boolean;
  /** `hang` calls them as it starts and when its request is cancelled. */
  started?: () => void;
  aborted?: () => void;
}

const nameSchema = z.object({ name: z.string() });

export function createSdkServer(state: SdkFixtureState): McpServer {
  const server = new McpServer(
    { name: "sdk-v2-fixture", version: "2.4.0" },
    {
      instructions: "An SDK v2 server.",
      capabilities: {
        tools: { listChanged: true },
        logging: {},
        resources: { subscribe: state.subscribe ?? true, listChanged: true },
      },
    },
  );
  server.registerTool(
    "echo",
    { description: "Echo text", inputSchema: z.object({ text: z.string() }) },
    ({ text }) => ({ content: [{ type: "text", text }] }),
  );
  server.registerTool("whoami", { description: "The client's envelope" }, (ctx) => ({
    content: [{ type: "text", text: JSON.stringify(ctx.mcpReq.envelope ?? null) }],
  }));
  server.registerTool(
    "regional",
    {
      description: "Mirrors its region into a header",
      inputSchema: z.object({ region: z.string().meta({ "x-mcp-header": "Region" }), query: z.string() }),
    },
    ({ region, query }) => ({ content: [{ type: "text", text: `${query} in ${region}` }] }),
  );
  server.registerTool(
    "bad_header",
    {
      description: "Puts x-mcp-header on a number, which clients must refuse",
      inputSchema: z.object({ ratio: z.number().meta({ "x-mcp-header": "Ratio" }) }),
    },
    () => ({ content: [{ type: "text", text: "should not be callable" }] }),
  );
  server.registerTool("ask_name", { description: "Elicits a name" }, (ctx) => {
    const answer = acceptedContent(ctx.mcpReq.inputResponses, "name", nameSchema);
    if (!answer) {
      return inputRequired({
        inputRequests: {
          name: inputRequired.elicit({ message: "Your name?", requestedSchema: nameSchema }),
        },
        requestState: "asked-name",
      });
    }
    const state = ctx.mcpReq.requestState<string>();
    return { content: [{ type: "text", text: `hello ${answer.name} (state ${state})` }] };
  });
  server.registerTool("ask_model", { description: "Samples, then elicits, in two rounds" }, (ctx) => {
    const responses = ctx.mcpReq.inputResponses;
    const sampled = inputResponse(responses, "model");
    if (sampled.kind !== "sampling") {
      return inputRequired({
        inputRequests: {
          model: inputRequired.createMessage({
            messages: [{ role: "user", content: { type: "text", text: "Capital of France?" } }],
            maxTokens: 10,
          }),
        },
      });
    }
    const said = sampled.result.content;
    const text = !Array.isArray(said) && said.type === "text" ? said.text : "?";
    const confirmed = acceptedContent(responses, "confirm");
    if (!confirmed) {
      // Round 2 carries round 1's answer in its state, as the stateless pattern asks.
      return inputRequired({
        inputRequests: {
          confirm: inputRequired.elicit({
            message: `Is ${text} right?`,
            requestedSchema: z.object({ ok: z.boolean() }),
          }),
          model: inputRequired.createMessage({
            messages: [{ role: "user", content: { type: "text", text: "Capital of France?" } }],
            maxTokens: 10,
          }),
        },
        requestState: `model said ${text}`,
      });
    }
    return {
      content: [{ type: "text", text: `${ctx.mcpReq.requestState<string>()}, ok=${String(confirmed.ok)}` }],
    };
  });
  server.registerTool("my_roots", { description: "Lists the client's roots" }, (ctx) => {
    const answer = inputResponse(ctx.mcpReq.inputResponses, "roots");
    if (answer.kind !== "roots")
      return inputRequired({ inputRequests: { roots: inputRequired.listRoots() } });
    return { content: [{ type: "text", text: answer.roots.map((root) => root.uri).join(",") }] };
  });
  server.registerTool("always_ask", { description: "Never satisfied" }, () =>
    inputRequired({ inputRequests: { again: inputRequired.listRoots() } }),
  );
  server.registerTool("hang", { description: "Waits until cancelled" }, (ctx) => {
    state.started?.();
    return new Promise((_resolve, reject) => {
      ctx.mcpReq.signal.addEventListener("abort", () => {
        state.aborted?.();
        reject(new Error("cancelled"));
      });
    });
  });
  server.registerTool("progress_and_log", { description: "Reports progress and logs" }, async (ctx) => {
    const progressToken = ctx.mcpReq._meta?.progressToken;
    if (progressToken !== undefined) {
      for (const progress of [1, 2]) {
        const params = { progressToken, progress, total: 2 };
        await ctx.mcpReq.notify({ method: "notifications/progress", params });
      }
    }
    await ctx.mcpReq.log("debug", "too fine to send");
    await ctx.mcpReq.log("info", "working");
    return { content: [{ type: "text", text: "done" }] };
  });
  server.registerTool("touch_readme", { description: "Says docs://readme changed" }, () => {
    state.resourceUpdated?.("docs://readme");
    return { content: [{ type: "text", text: "touched" }] };
  });
  server.registerTool("add_tool", { description: "Adds a tool" }, () => {
    state.extraTools.push(`extra_${state.extraTools.length + 1}`);
    state.toolsChanged();
    return { content: [{ type: "text", text: "added" }] };
  });
  for (const name of state.extraTools) {
    server.registerTool(name, { description: "Added later" }, () => ({
      content: [{ type: "text", text: name }],
    }));
  }
  server.registerResource("readme", "docs://readme", { mimeType: "text/markdown" }, (uri) => ({
    contents: [{ uri: uri.href, mimeType: "text/markdown", text: "# SDK v2" }],
  }));
  server.registerPrompt(
    "greet",
    { description: "Greets", argsSchema: z.object({ name: z.string() }) },
    ({ name }) => ({ messages: [{ role: "user", content: { type: "text", text: `Hello ${name}` } }] }),
  );
  return server;
}

/**
 * Serves the SDK's `createMcpHandler` (both eras on one endpoint) on 127.0.0.1 with an ephemeral
 * port, through a small node:http adapter. Dispose with `await using`.
 */
export async function serveSdkHttp(options: { subscribe?: boolean } = {}) {
  const state: SdkFixtureState = {
    ...options,
    extraTools: [],
    toolsChanged: () => handler.notify.toolsChanged(),
    resourceUpdated: (uri) => handler.notify.resourceUpdated(uri),
  };
  const handler = createMcpHandler(() => createSdkServer(state), { keepAliveMs: 0 });
  const app = createServer((request, response) => {
    const abort = new AbortController();
    response.on("close", () => abort.abort());
    const hasBody = request.method !== "GET" && request.method !== "HEAD";
    const webRequest = new Request(`http://127.0.0.1${request.url}`, {
      method: request.method ?? "GET",
      headers: request.headers as Record<string, string>,
      signal: abort.signal,
      ...(hasBody ? { body: Readable.toWeb(request) as ReadableStream, duplex: "half" } : {}),
    });
    void handler.fetch(webRequest).then(
      async (answer) => {
        response.writeHead(answer.status, Object.fromEntries(answer.headers));
        if (!answer.body) return void response.end();
        for await (const chunk of answer.body) response.write(chunk);
        response.end();
      },
      (error: unknown) => {
        response.writeHead(500).end(String(error));
      },
    );
  });
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(app.address() as AddressInfo).port}/mcp`;
  return {
    url,
    state,
    async [Symbol.asyncDispose]() {
      await handler.close();
      app.closeAllConnections();
      await new Promise((resolve) => app.close(resolve));
    },
  };
}

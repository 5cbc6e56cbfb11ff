import { Agent, request as httpRequest } from "node:http";
import { PROTOCOL_VERSION, type RpcClient, Waiters } from "./rpc-client.js";

/**
 * The minimal Streamable HTTP client: one POST per message on keep-alive sockets, the response read
 * as JSON or as an SSE stream, and the session id and protocol version headers echoed back.
 */
export class HttpRpcClient implements RpcClient {
  private readonly waiters = new Waiters();
  private readonly agent: Agent;
  private readonly url: URL;
  private sessionId: string | undefined;
  private protocolVersion: string | undefined;

  constructor(
    url: string,
    readonly pid: number | undefined,
    maxSockets = 64,
    /** Sent on every request, e.g. `Authorization`. */
    private readonly extraHeaders: Record<string, string> = {},
  ) {
    this.url = new URL(url);
    this.agent = new Agent({ keepAlive: true, maxSockets });
  }

  request(method: string, params?: Record<string, unknown>): Promise<Record<string, unknown>> {
    const { id, result } = this.waiters.open();
    this.post({ jsonrpc: "2.0", id, method, params }).catch((error: Error) =>
      this.waiters.settle({ id, error: { code: -1, message: error.message } }),
    );
    if (method === "initialize") {
      return result.then((value) => {
        if (typeof value.protocolVersion === "string") this.protocolVersion = value.protocolVersion;
        return value;
      });
    }
    return result;
  }

  async notify(method: string, params?: Record<string, unknown>): Promise<void> {
    await this.post({ jsonrpc: "2.0", method, params });
  }

  async close(): Promise<void> {
    if (this.sessionId) {
      await new Promise<void>((resolve) => {
        const request = httpRequest(
          this.url,
          { method: "DELETE", agent: this.agent, headers: this.headers() },
          (response) => {
            response.resume();
            response.on("end", resolve);
          },
        );
        request.on("error", () => resolve());
        request.end();
      });
    }
    this.agent.destroy();
  }

  private headers(): Record<string, string> {
    const headers: Record<string, string> = {
      ...this.extraHeaders,
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "mcp-protocol-version": this.protocolVersion ?? PROTOCOL_VERSION,
    };
    if (this.sessionId) headers["mcp-session-id"] = this.sessionId;
    return headers;
  }

  private post(message: Record<string, unknown>): Promise<void> {
    const body = JSON.stringify(message);
    return new Promise((resolve, reject) => {
      const headers = this.headers();
      headers["content-length"] = String(Buffer.byteLength(body));
      const request = httpRequest(this.url, { method: "POST", agent: this.agent, headers }, (response) => {
        const sessionId = response.headers["mcp-session-id"];
        if (typeof sessionId === "string") this.sessionId = sessionId;
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          text += chunk;
        });
        response.on("end", () => {
          const status = response.statusCode ?? 0;
          if (status >= 400) {
            reject(new Error(`HTTP ${status}: ${text.slice(0, 200)}`));
            return;
          }
          if (text.length > 0) this.deliver(text, String(response.headers["content-type"] ?? ""));
          resolve();
        });
        response.on("error", reject);
      });
      request.on("error", reject);
      request.end(body);
    });
  }

  private deliver(text: string, contentType: string): void {
    if (contentType.startsWith("application/json")) {
      const value = JSON.parse(text) as Record<string, unknown> | Record<string, unknown>[];
      for (const message of Array.isArray(value) ? value : [value]) this.waiters.settle(message);
      return;
    }
    for (const line of text.split("\n")) {
      if (line.startsWith("data:")) {
        const data = line.slice(5).trim();
        if (data) this.waiters.settle(JSON.parse(data));
      }
    }
  }
}

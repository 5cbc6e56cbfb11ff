import { authorizedFetch } from "../client/auth/authorized-fetch.js";
import type { TokenSource } from "../client/auth/token-source.js";
import type { JsonRpcMessage } from "../protocol/messages.js";
import type { SendOptions, Transport } from "../protocol/transport.js";

export interface HttpClientOptions {
  /** Extra headers on every request, e.g. `{ Authorization: "Bearer ..." }`. */
  headers?: Record<string, string>;
  /** Access tokens for a protected server, e.g. `clientCredentials({...})` or `staticToken(token)`. */
  auth?: TokenSource;
}

/** The SDK client transports, as far as we use them. */
interface SdkClientTransport {
  start(): Promise<void>;
  send(message: never, options?: never): Promise<void>;
  close(): Promise<void>;
  onmessage?: ((message: never) => void) | undefined;
  onclose?: (() => void) | undefined;
  onerror?: ((error: Error) => void) | undefined;
  sessionId?: string | undefined;
  setProtocolVersion?: ((version: string) => void) | undefined;
  terminateSession?: () => Promise<void>;
}

/**
 * Connects to a server by URL: Streamable HTTP, or the legacy HTTP+SSE transport when the URL's
 * path ends in `/sse`. The SDK's client transports do the wire work.
 */
export async function createHttpClientTransport(url: URL, options: HttpClientOptions): Promise<Transport> {
  const requestInit = { headers: options.headers ?? {} };
  const authorized = options.auth ? { fetch: authorizedFetch(options.auth, url) } : {};
  if (url.pathname.endsWith("/sse")) {
    const { SSEClientTransport } = await import("@modelcontextprotocol/sdk/client/sse.js");
    return new SdkTransportAdapter(
      new SSEClientTransport(url, { requestInit, ...authorized }) as unknown as SdkClientTransport,
    );
  }
  const { StreamableHTTPClientTransport } = await import(
    "@modelcontextprotocol/sdk/client/streamableHttp.js"
  );
  return new SdkTransportAdapter(
    new StreamableHTTPClientTransport(url, { requestInit, ...authorized }) as unknown as SdkClientTransport,
  );
}

/** Presents an SDK client transport as ours; closing ends the HTTP session (DELETE) first. */
class SdkTransportAdapter implements Transport {
  onmessage?: Transport["onmessage"];
  onclose?: Transport["onclose"];
  onerror?: Transport["onerror"];

  constructor(private readonly inner: SdkClientTransport) {
    inner.onmessage = (message) => this.onmessage?.(message as JsonRpcMessage);
    inner.onclose = () => this.onclose?.();
    inner.onerror = (error) => this.onerror?.(error);
  }

  get sessionId(): string | undefined {
    return this.inner.sessionId;
  }

  start(): Promise<void> {
    return this.inner.start();
  }

  send(message: JsonRpcMessage, options?: SendOptions): Promise<void> {
    return this.inner.send(message as never, options as never);
  }

  setProtocolVersion(version: string): void {
    this.inner.setProtocolVersion?.(version);
  }

  async close(): Promise<void> {
    if (this.inner.sessionId !== undefined) await this.inner.terminateSession?.().catch(() => {});
    await this.inner.close();
  }
}

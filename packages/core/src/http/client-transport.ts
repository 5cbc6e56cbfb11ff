import type { Transport } from "../protocol/transport.js";

export interface HttpClientOptions {
  /** Extra headers on every request, e.g. `{ Authorization: "Bearer ..." }`. */
  headers?: Record<string, string>;
}

export async function createHttpClientTransport(_url: URL, _options: HttpClientOptions): Promise<Transport> {
  throw new Error("Connecting to a server by URL is not available yet");
}

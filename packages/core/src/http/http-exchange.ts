import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";

export type HeaderMap = Record<string, string | string[] | undefined>;

/** An open response body that events can be written to until either side closes it. */
export interface EventSink {
  write(chunk: string): void;
  /** Ends the stream, writing `last` first (in the same packet where the server allows). */
  end(last?: string): void;
  readonly closed: boolean;
  /** When something was last written, for keep-alive. */
  lastWrite: number;
}

/**
 * One HTTP request and its response, independent of the server that carries it, so that the MCP
 * endpoint logic serves node:http, Express and fetch-style frameworks alike.
 */
export interface HttpExchange {
  readonly method: string;
  readonly url: URL;
  /** Lower-case header names. */
  readonly headers: HeaderMap;
  /** The body, or undefined when it is larger than `limit` bytes. */
  readBody(limit: number): Promise<Buffer | undefined>;
  respond(status: number, headers: Record<string, string>, body?: string): void;
  /** Starts a streamed response; `flush` sends the headers now rather than with the first chunk. */
  openStream(status: number, headers: Record<string, string>, flush?: boolean): EventSink;
  /** Called once if the client goes away before the response is complete. */
  onAbort(listener: () => void): void;
  /** For custom routes: the request in web-standard form, and a way to send a web Response. */
  toRequest(): Request;
  send(response: Response): Promise<void>;
}

export function headerValue(headers: HeaderMap, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
}

/**
 * An SSE body on a node:http response. A class on purpose: V8 keeps an object literal with a
 * getter in dictionary mode, and such objects kept what their getter captured (here the response
 * and all it holds) alive through young-generation collections until the next full one, ~6 KB a
 * call under load (bench/README.md, "HTTP stateful").
 */
class ResponseSink implements EventSink {
  lastWrite = Date.now();

  constructor(private readonly response: ServerResponse) {}

  get closed(): boolean {
    return this.response.writableEnded || this.response.destroyed;
  }

  write(chunk: string): void {
    if (this.closed) return;
    this.lastWrite = Date.now();
    this.response.write(chunk);
  }

  end(last?: string): void {
    if (!this.closed) this.response.end(last);
  }
}

/** Adapts a node:http (or Express) request and response. */
export class NodeExchange implements HttpExchange {
  readonly method: string;
  readonly url: URL;
  readonly headers: HeaderMap;

  constructor(
    private readonly request: IncomingMessage & { body?: unknown },
    private readonly response: ServerResponse,
  ) {
    this.method = request.method ?? "GET";
    this.url = new URL(request.url ?? "/", "http://localhost");
    this.headers = request.headers;
  }

  readBody(limit: number): Promise<Buffer | undefined> {
    const parsed = this.request.body;
    // Express and friends may have parsed the body already.
    if (parsed !== undefined && !this.request.readable) {
      const buffer = Buffer.isBuffer(parsed)
        ? parsed
        : Buffer.from(typeof parsed === "string" ? parsed : JSON.stringify(parsed));
      return Promise.resolve(buffer.length > limit ? undefined : buffer);
    }
    const declared = Number(this.request.headers["content-length"]);
    if (declared > limit) return Promise.resolve(undefined);
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const onData = (chunk: Buffer) => {
        size += chunk.length;
        if (size > limit) {
          this.request.off("data", onData);
          this.request.resume();
          resolve(undefined);
          return;
        }
        chunks.push(chunk);
      };
      this.request.on("data", onData);
      this.request.once("end", () =>
        resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)),
      );
      this.request.once("error", reject);
      this.request.once("aborted", () => reject(new Error("The client aborted the request body")));
    });
  }

  respond(status: number, headers: Record<string, string>, body?: string): void {
    if (this.response.headersSent) return;
    this.response.writeHead(status, headers);
    this.response.end(body);
  }

  openStream(status: number, headers: Record<string, string>, flush = false): EventSink {
    this.response.writeHead(status, headers);
    if (flush) this.response.flushHeaders();
    return new ResponseSink(this.response);
  }

  onAbort(listener: () => void): void {
    this.response.once("close", () => {
      if (!this.response.writableFinished) listener();
    });
  }

  toRequest(): Request {
    const headers = new Headers();
    for (const [name, value] of Object.entries(this.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    const host = headerValue(this.headers, "host") ?? "localhost";
    const hasBody = this.method !== "GET" && this.method !== "HEAD";
    return new Request(new URL(this.url.pathname + this.url.search, `http://${host}`), {
      method: this.method,
      headers,
      ...(hasBody ? { body: Readable.toWeb(this.request) as ReadableStream, duplex: "half" } : {}),
    } as RequestInit);
  }

  async send(response: Response): Promise<void> {
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    this.response.writeHead(response.status, headers);
    if (!response.body) {
      this.response.end();
      return;
    }
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>)
      this.response.write(chunk);
    this.response.end();
  }
}

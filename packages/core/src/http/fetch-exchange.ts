import type { EventSink, HeaderMap, HttpExchange } from "./http-exchange.js";

const encoder = new TextEncoder();

/** Adapts a web-standard Request; the Response settles on `response`. */
export class FetchExchange implements HttpExchange {
  readonly method: string;
  readonly url: URL;
  readonly headers: HeaderMap = {};
  readonly response: Promise<Response>;
  private resolve!: (response: Response) => void;
  private readonly abortListeners: Array<() => void> = [];
  private finished = false;

  constructor(private readonly request: Request) {
    this.method = request.method;
    this.url = new URL(request.url);
    request.headers.forEach((value, name) => {
      this.headers[name] = value;
    });
    // A web Request carries its host in the URL rather than a header.
    this.headers.host ??= this.url.host;
    this.response = new Promise((resolve) => {
      this.resolve = resolve;
    });
    request.signal.addEventListener("abort", () => this.abort(), { once: true });
  }

  async readBody(limit: number): Promise<Buffer | undefined> {
    if (Number(this.headers["content-length"]) > limit) return undefined;
    if (!this.request.body) return Buffer.alloc(0);
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = this.request.body.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel();
        return undefined;
      }
      chunks.push(value);
    }
    return Buffer.concat(chunks);
  }

  respond(status: number, headers: Record<string, string>, body?: string): void {
    this.finished = true;
    this.resolve(new Response(body ?? null, { status, headers }));
  }

  openStream(status: number, headers: Record<string, string>): EventSink {
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    // Plain properties, not a getter: see ResponseSink in http-exchange.ts.
    const sink = {
      lastWrite: Date.now(),
      closed: false,
      write(chunk: string) {
        if (sink.closed) return;
        sink.lastWrite = Date.now();
        controller.enqueue(encoder.encode(chunk));
      },
      end: (last?: string) => {
        if (sink.closed) return;
        if (last !== undefined) controller.enqueue(encoder.encode(last));
        sink.closed = true;
        this.finished = true;
        controller.close();
      },
    };
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        controller = c;
      },
      cancel: () => {
        sink.closed = true;
        this.abort();
      },
    });
    this.resolve(new Response(body, { status, headers }));
    return sink;
  }

  onAbort(listener: () => void): void {
    this.abortListeners.push(listener);
  }

  toRequest(): Request {
    return this.request;
  }

  async send(response: Response): Promise<void> {
    this.finished = true;
    this.resolve(response);
  }

  private abort(): void {
    if (this.finished) return;
    this.finished = true;
    for (const listener of this.abortListeners.splice(0)) listener();
  }
}

import type { AddressInfo } from "node:net";

/** A one-shot redirect receiver on 127.0.0.1 (RFC 8252 section 7.3), for a CLI's authorization. */
export interface LoopbackRedirect {
  readonly redirectUri: string;
  /** The query of the first request to `/callback`, or a rejection after `timeoutMs`. */
  readonly received: Promise<URLSearchParams>;
  close(): Promise<void>;
}

/** Listens on `port` when it is free (a client registered with it before), else on any port. */
export async function listenForRedirect(timeoutMs: number, port = 0): Promise<LoopbackRedirect> {
  const { createServer } = await import("node:http");
  let deliver!: (query: URLSearchParams) => void;
  let fail!: (error: Error) => void;
  const received = new Promise<URLSearchParams>((resolve, reject) => {
    deliver = resolve;
    fail = reject;
  });
  received.catch(() => {});
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    if (url.pathname !== "/callback") {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "Content-Type": "text/plain; charset=utf-8" });
    response.end("Authorization received; you can close this window.");
    deliver(url.searchParams);
  });
  const listen = (at: number) =>
    new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(at, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
  await listen(port).catch(() => listen(0));
  const timer = setTimeout(() => fail(new Error("No authorization arrived in time")), timeoutMs);
  timer.unref();
  return {
    redirectUri: `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`,
    received,
    async close() {
      clearTimeout(timer);
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";

/**
 * A small HTTP API on 127.0.0.1 for the offline demo and the tests: a pet store matching
 * examples/petstore.openapi.yaml, plus routes that misbehave on purpose (slow, huge, a gzip bomb,
 * 429 then OK, 500, bad JSON, redirects) so the gateway's limits can be watched at work.
 */
export interface DemoUpstream {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** How many requests reached each path (query ignored). */
  hits: (path: string) => number;
  close: () => Promise<void>;
}

interface Pet {
  id: number;
  name: string;
  tag?: string;
}

const HUGE_BYTES = 50 * 1024 * 1024;
let gzipBomb: Buffer | undefined;

export async function startDemoUpstream(port = 0): Promise<DemoUpstream> {
  const pets = new Map<number, Pet>([
    [1, { id: 1, name: "Rex", tag: "dog" }],
    [2, { id: 2, name: "Tom", tag: "cat" }],
  ]);
  const hits = new Map<string, number>();
  const failuresLeft = new Map<string, number>();
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://demo");
    hits.set(url.pathname, (hits.get(url.pathname) ?? 0) + 1);
    let body = "";
    for await (const chunk of request) body += chunk;
    route(request, response, url, body);
  });

  function route(request: IncomingMessage, response: ServerResponse, url: URL, body: string): void {
    const json = (status: number, value: unknown) =>
      response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
    const petId = /^\/api\/pets\/([^/]+)$/.exec(url.pathname)?.[1];
    switch (`${request.method} ${petId ? "/api/pets/{id}" : url.pathname}`) {
      case "GET /api/pets": {
        const tag = url.searchParams.get("tag");
        const limit = Number(url.searchParams.get("limit") ?? 100);
        return void json(200, [...pets.values()].filter((pet) => !tag || pet.tag === tag).slice(0, limit));
      }
      case "POST /api/pets": {
        const input = JSON.parse(body || "{}") as Partial<Pet>;
        if (typeof input.name !== "string") return void json(400, { error: "name is required" });
        const pet: Pet = { id: pets.size + 1, name: input.name, ...(input.tag ? { tag: input.tag } : {}) };
        pets.set(pet.id, pet);
        return void json(201, pet);
      }
      case "GET /api/pets/{id}": {
        const pet = pets.get(Number(petId));
        return void (pet ? json(200, pet) : json(404, { error: `no pet with id ${petId}` }));
      }
      case "DELETE /api/pets/{id}":
        return void response.writeHead(pets.delete(Number(petId)) ? 204 : 404).end();
      case "GET /api/echo.bin":
        return void response
          .writeHead(200, { "content-type": "application/octet-stream" })
          .end(Buffer.from(JSON.stringify(request.headers)));
      case "GET /api/echo":
      case "POST /api/echo":
        return void json(Number(url.searchParams.get("status") ?? 200), {
          method: request.method,
          url: request.url,
          headers: request.headers,
          body,
        });
      case "GET /api/docs":
        return void response
          .writeHead(200, { "content-type": "text/html; charset=utf-8" })
          .end(
            "<!doctype html><html><head><title>Pet store docs</title><style>body{color:red}</style></head>" +
              "<body><script>alert('x')</script><h1>Pets &amp; owners</h1><p>Feed them&nbsp;twice a day.</p>" +
              "<ul><li>Dogs</li><li>Cats &lt;3</li></ul></body></html>",
          );
      case "GET /api/long":
        return void response.writeHead(200, { "content-type": "text/plain" }).end(longText());
      case "GET /api/logo.png":
        return void response
          .writeHead(200, { "content-type": "image/png" })
          .end(Buffer.from("89504e470d0a1a0a", "hex"));
      case "GET /api/slow":
        return void setTimeout(() => json(200, { finally: true }), 5_000).unref();
      case "GET /api/huge":
        return void streamZeros(response);
      case "GET /api/gzip-bomb":
        gzipBomb ??= gzipSync(Buffer.alloc(HUGE_BYTES), { level: 9 });
        return void response
          .writeHead(200, { "content-type": "text/plain", "content-encoding": "gzip" })
          .end(gzipBomb);
      case "GET /api/flaky":
      case "POST /api/flaky": {
        const key = url.searchParams.get("key") ?? "";
        const left = failuresLeft.get(key) ?? Number(url.searchParams.get("failures") ?? 1);
        failuresLeft.set(key, left - 1);
        if (left > 0) {
          return void response
            .writeHead(429, {
              "retry-after": url.searchParams.get("retry_after") ?? "1",
              "content-type": "text/plain",
            })
            .end("slow down");
        }
        return void json(200, { ok: true });
      }
      case "GET /api/compressed": {
        const encoding = url.searchParams.get("encoding") ?? "gzip";
        const compress =
          { gzip: gzipSync, br: brotliCompressSync, deflate: deflateSync }[encoding] ?? gzipSync;
        return void response
          .writeHead(200, { "content-type": "application/json", "content-encoding": encoding })
          .end(compress(Buffer.from(JSON.stringify({ encoding, pets: [...pets.values()] }))));
      }
      case "GET /api/broken":
        return void response.writeHead(500, { "content-type": "text/plain" }).end("database exploded");
      case "GET /api/bad-json":
        return void response.writeHead(200, { "content-type": "application/json" }).end('{"oops": ');
      case "GET /api/loop":
        return void response.writeHead(307, { location: "/api/loop" }).end();
      case "GET /api/redirect":
        return void response.writeHead(302, { location: url.searchParams.get("to") ?? "/api/pets" }).end();
      default:
        return void json(404, { error: `no route ${request.method} ${url.pathname}` });
    }
  }

  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const address = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${address.port}`,
    hits: (path) => hits.get(path) ?? 0,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function longText(): string {
  return Array.from({ length: 2_000 }, (_, index) => `Line ${index + 1} of the long document.`).join("\n");
}

/** 50 MB, written as fast as the client reads, so only a streaming cap stops it. */
function streamZeros(response: ServerResponse): void {
  response.writeHead(200, { "content-type": "application/octet-stream" });
  const chunk = Buffer.alloc(64 * 1024);
  let sent = 0;
  const write = () => {
    while (sent < HUGE_BYTES) {
      sent += chunk.length;
      if (!response.write(chunk)) return void response.once("drain", write);
    }
    response.end();
  };
  response.on("close", () => {
    sent = HUGE_BYTES;
  });
  write();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const upstream = await startDemoUpstream(Number(process.env.PORT ?? 4010));
  console.error(`Demo upstream listening on ${upstream.origin}/api/ (Ctrl-C to stop)`);
}

import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { Client, ConfigError } from "@mcpkit/core";
import { describe, expect, it } from "vitest";
import { type ApiGatewayOptions, createApiGatewayServer } from "./server.js";
import { resultText, SECRET, useDemoUpstream } from "./test-support.js";

const demo = useDemoUpstream();

describe("tools", () => {
  it("made with {} (as `mcpkit run` does with a server file), names the flag it needs", () => {
    const make = () => createApiGatewayServer({} as ApiGatewayOptions);
    expect(make).toThrow(ConfigError);
    expect(make).toThrow("start it with --config <file>");
  });

  it("lists upstreams without their secrets", async () => {
    await using client = await Client.connect(demo.gateway().server);
    expect((await client.listTools()).map((tool) => tool.name).sort()).toEqual([
      "call_api",
      "fetch_data",
      "list_upstreams",
    ]);
    const result = await client.callTool("list_upstreams");
    expect(result.structuredContent).toEqual({
      upstreams: [
        {
          name: "demo",
          description: "The demo upstream",
          baseUrl: `${demo.upstream().origin}/api/`,
          allowedMethods: ["GET", "POST"],
          operations: [],
        },
      ],
    });
    expect(JSON.stringify(result)).not.toContain(SECRET);
  });

  it("offers only fetch_data when no upstream allows more than GET", async () => {
    await using client = await Client.connect(demo.gateway({ allowedMethods: ["GET"] }).server);
    expect((await client.listTools()).map((tool) => tool.name).sort()).toEqual([
      "fetch_data",
      "list_upstreams",
    ]);
  });

  it("fetch_data returns JSON as structured content and text, with query params", async () => {
    await using client = await Client.connect(demo.gateway().server);
    const result = await client.callTool("fetch_data", {
      upstream: "demo",
      endpoint: "/pets",
      params: { tag: "cat" },
    });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ result: [{ id: 2, name: "Tom", tag: "cat" }] });
    expect(JSON.parse(resultText(result))).toEqual([{ id: 2, name: "Tom", tag: "cat" }]);
  });

  it("call_api sends a JSON body with an allowed method and refuses others", async () => {
    await using client = await Client.connect(demo.gateway().server);
    const created = await client.callTool("call_api", {
      upstream: "demo",
      method: "POST",
      path: "pets",
      body: { name: "Kit" },
    });
    expect(created.structuredContent).toEqual({ id: 3, name: "Kit" });
    const denied = await client.callTool("call_api", { upstream: "demo", method: "DELETE", path: "/pets/1" });
    expect(denied).toMatchObject({
      isError: true,
      content: [{ text: "DELETE is not allowed for upstream demo (allowed: GET, POST)" }],
    });
    expect(demo.upstream().hits("/api/pets/1")).toBe(0);
  });

  it("call_api sends strings as they are, with a fitting content type, and no body on GET", async () => {
    await using client = await Client.connect(demo.gateway().server);
    const echo = async (body: unknown) => {
      const result = await client.callTool("call_api", {
        upstream: "demo",
        method: "POST",
        path: "/echo",
        body,
      });
      return result.structuredContent as { body: string; headers: Record<string, string> };
    };
    expect(await echo("plain words")).toMatchObject({
      body: "plain words",
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
    expect(await echo('{"a":1}')).toMatchObject({
      body: '{"a":1}',
      headers: { "content-type": "application/json" },
    });
    expect(await echo([1, 2])).toMatchObject({
      body: "[1,2]",
      headers: { "content-type": "application/json" },
    });
    const get = await client.callTool("call_api", {
      upstream: "demo",
      method: "GET",
      path: "/echo",
      body: { a: 1 },
    });
    expect(get).toMatchObject({ isError: true, content: [{ text: "A GET request cannot have a body" }] });
  });

  it("reduces HTML to readable text", async () => {
    await using client = await Client.connect(demo.gateway().server);
    const result = await client.callTool("fetch_data", { upstream: "demo", endpoint: "/docs" });
    expect(resultText(result)).toBe("Pet store docs\n\nPets & owners\nFeed them twice a day.\nDogs\nCats <3");
  });

  it("returns binary bodies as an embedded resource", async () => {
    await using client = await Client.connect(demo.gateway().server);
    const result = await client.callTool("fetch_data", { upstream: "demo", endpoint: "/logo.png" });
    expect(result.content).toEqual([
      {
        type: "resource",
        resource: {
          uri: `${demo.upstream().origin}/api/logo.png`,
          mimeType: "image/png",
          blob: Buffer.from("89504e470d0a1a0a", "hex").toString("base64"),
        },
      },
    ]);
  });

  it("pages long bodies from the cache without fetching again", async () => {
    await using client = await Client.connect(demo.gateway().server);
    const first = await client.callTool("fetch_data", {
      upstream: "demo",
      endpoint: "/long",
      max_length: 1_000,
    });
    expect(resultText(first)).toMatch(/^Line 1 of the long document\.\n/);
    expect(resultText(first)).toContain("Call again with start_index=1000 for more.");
    const second = await client.callTool("fetch_data", {
      upstream: "demo",
      endpoint: "/long",
      start_index: 1_000,
      max_length: 1_000,
    });
    expect(resultText(second)).toContain("(Characters 1000-2000 of");
    const last = await client.callTool("fetch_data", {
      upstream: "demo",
      endpoint: "/long",
      start_index: 60_000,
      max_length: 100_000,
    });
    expect(resultText(last)).toMatch(
      /Line 2000 of the long document\.\n\n\(Characters 60000-\d+ of \d+\. This is the end\.\)$/,
    );
    expect(demo.upstream().hits("/api/long")).toBe(1);
  });

  it("never re-sends a POST to serve a later page", async () => {
    await using client = await Client.connect(demo.gateway().server);
    const result = await client.callTool("call_api", {
      upstream: "demo",
      method: "POST",
      path: "/pets",
      body: { name: "A" },
      start_index: 10,
    });
    expect(result).toMatchObject({
      isError: true,
      content: [{ text: expect.stringContaining("No cached response for demo POST /api/pets") }],
    });
    expect(demo.upstream().hits("/api/pets")).toBe(0);
  });
});

describe("upstream failures", () => {
  it("reports a 500 as isError with the status and a body excerpt", async () => {
    await using client = await Client.connect(demo.gateway({ retries: 0 }).server);
    const result = await client.callTool("fetch_data", { upstream: "demo", endpoint: "/broken" });
    expect(result).toMatchObject({
      isError: true,
      content: [{ text: "HTTP 500 Internal Server Error from demo GET /api/broken: database exploded" }],
    });
  });

  it("reports a 404 with the upstream's message", async () => {
    await using client = await Client.connect(demo.gateway().server);
    const result = await client.callTool("fetch_data", { upstream: "demo", endpoint: "/pets/99" });
    expect(resultText(result)).toBe(
      'HTTP 404 Not Found from demo GET /api/pets/99: {"error":"no pet with id 99"}',
    );
    expect(result.isError).toBe(true);
  });

  it("shows invalid JSON as text with a note instead of failing", async () => {
    await using client = await Client.connect(demo.gateway().server);
    const result = await client.callTool("fetch_data", { upstream: "demo", endpoint: "/bad-json" });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toBeUndefined();
    expect(resultText(result)).toMatch(
      /^\(The upstream said JSON, but the body is not valid JSON: .*\)\n\{"oops": $/,
    );
  });

  it("retries a 429 after Retry-After for GET", async () => {
    const waits: number[] = [];
    const recordWait = async (ms: number) => void waits.push(ms);
    await using client = await Client.connect(
      demo.gateway({ timeouts: { totalMs: 5_000 } }, recordWait).server,
    );
    const result = await client.callTool("fetch_data", {
      upstream: "demo",
      endpoint: "/flaky",
      params: { key: "a", retry_after: 1 },
    });
    expect(result.structuredContent).toEqual({ ok: true });
    expect(waits).toEqual([1_000]);
    expect(demo.upstream().hits("/api/flaky")).toBe(2);
  });

  it("gives up on a Retry-After longer than it will wait, and says so", async () => {
    await using client = await Client.connect(demo.gateway().server);
    const result = await client.callTool("fetch_data", {
      upstream: "demo",
      endpoint: "/flaky",
      params: { key: "b", retry_after: 120 },
    });
    expect(result).toMatchObject({
      isError: true,
      content: [{ text: "HTTP 429 Too Many Requests from demo GET /api/flaky: slow down" }],
    });
    expect(demo.upstream().hits("/api/flaky")).toBe(1);
  });

  it("does not wait for a Retry-After beyond the total timeout", async () => {
    await using client = await Client.connect(demo.gateway({ timeouts: { totalMs: 1_500 } }).server);
    const result = await client.callTool("fetch_data", {
      upstream: "demo",
      endpoint: "/flaky",
      params: { key: "c", retry_after: 3 },
    });
    expect(resultText(result)).toBe("HTTP 429 Too Many Requests from demo GET /api/flaky: slow down");
  });

  it.each(["gzip", "br", "deflate"])("decompresses %s bodies", async (encoding) => {
    await using client = await Client.connect(demo.gateway().server);
    const result = await client.callTool("fetch_data", {
      upstream: "demo",
      endpoint: "/compressed",
      params: { encoding },
    });
    expect(result.structuredContent).toMatchObject({ encoding, pets: [{ name: "Rex" }, { name: "Tom" }] });
  });

  it("retries a refused connection for GET with backoff, then says what happened", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const { server, logs } = demo.gateway({ baseUrl: `http://127.0.0.1:${port}/api/`, retries: 2 });
    await using client = await Client.connect(server);
    const result = await client.callTool("fetch_data", { upstream: "demo", endpoint: "/pets" });
    expect(result).toMatchObject({
      isError: true,
      content: [{ text: "Upstream demo refused the connection" }],
    });
    expect(logs.find((line) => line.includes('"msg":"upstream request"'))).toContain('"attempts":3');
    const posted = await client.callTool("call_api", {
      upstream: "demo",
      method: "POST",
      path: "/pets",
      body: {},
    });
    expect(posted.isError).toBe(true);
    expect(logs.filter((line) => line.includes('"msg":"upstream request"'))[1]).toContain('"attempts":1');
  });

  it("does not retry a POST", async () => {
    await using client = await Client.connect(demo.gateway().server);
    const result = await client.callTool("call_api", {
      upstream: "demo",
      method: "POST",
      path: "/flaky",
      query: { retry_after: 0 },
    });
    expect(result).toMatchObject({
      isError: true,
      content: [{ text: expect.stringMatching(/^HTTP 429 Too Many Requests/) }],
    });
    expect(demo.upstream().hits("/api/flaky")).toBe(1);
  });

  it("times out a slow upstream with a clear message", async () => {
    await using client = await Client.connect(
      demo.gateway({ timeouts: { headersMs: 500, totalMs: 10_000 }, retries: 0 }).server,
    );
    const result = await client.callTool("fetch_data", { upstream: "demo", endpoint: "/slow" });
    expect(result).toMatchObject({
      isError: true,
      content: [{ text: "Upstream demo sent no response within 500 ms" }],
    });
    await using total = await Client.connect(
      demo.gateway({ timeouts: { headersMs: 5_000, totalMs: 300 } }).server,
    );
    const stopped = await total.callTool("fetch_data", { upstream: "demo", endpoint: "/slow" });
    expect(stopped).toMatchObject({
      isError: true,
      content: [{ text: "Upstream demo did not finish within 300 ms" }],
    });
  });

  it("stops reading a huge body at the byte cap", async () => {
    await using client = await Client.connect(demo.gateway().server);
    const result = await client.callTool("fetch_data", { upstream: "demo", endpoint: "/huge" });
    expect(result.isError).toBe(true);
    expect(resultText(result)).toMatch(
      /^The response is larger than this upstream's limit of 262144 bytes; the download was stopped/,
    );
  });

  it("caps the decompressed size of a gzip bomb", async () => {
    expect(gzipSync(Buffer.alloc(1024 * 1024)).byteLength).toBeLessThan(262_144); // the bomb fits under the cap compressed
    await using client = await Client.connect(demo.gateway().server);
    const result = await client.callTool("fetch_data", { upstream: "demo", endpoint: "/gzip-bomb" });
    expect(result.isError).toBe(true);
    expect(resultText(result)).toMatch(/limit of 262144 bytes \(after decompression\)/);
  });
});

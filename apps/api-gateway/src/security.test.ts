import { Client } from "@mcpkit/core";
import { describe, expect, it, vi } from "vitest";
import { demoEntry, resultText, SECRET, useDemoUpstream } from "./test-support.js";

const demo = useDemoUpstream();

describe("paths cannot leave the upstream's base path", () => {
  const escapes: Array<[string, string]> = [
    ["../admin", "it has a . or .. segment"],
    ["/pets/../../admin", "it has a . or .. segment"],
    ["/pets/%2e%2e/%2E%2E/admin", "it has a . or .. segment"],
    ["./pets", "it has a . or .. segment"],
    ["//evil.example/pets", "it starts with //, which names a host"],
    ["/pets//x", "it has an empty segment (//)"],
    ["/pets/..%2f..%2fadmin", "it has an encoded / or \\"],
    ["/pets/%5c..%5cadmin", "it has an encoded / or \\"],
    ["/pets\\..\\admin", "it contains a backslash"],
    ["http://169.254.169.254/latest/meta-data", "give a path under the upstream, not a URL"],
    ["file:///etc/passwd", "give a path under the upstream, not a URL"],
    ["javascript:alert(1)", "give a path under the upstream, not a URL"],
    ["/pets@evil.example", 'it contains "@"'],
    ["/pets#fragment", "it contains a fragment (#)"],
    ["/pets\r\nHost: evil", "it contains control characters"],
    ["/pets/%00", "it has an encoded control character"],
    ["/pets/%zz", "it has malformed percent-encoding"],
  ];
  it.each(escapes)("refuses %j", async (endpoint, why) => {
    await using client = await Client.connect(demo.gateway().server);
    const result = await client.callTool("fetch_data", { upstream: "demo", endpoint });
    expect(result.isError).toBe(true);
    expect(resultText(result)).toBe(`Path ${JSON.stringify(endpoint)} refused: ${why}`);
    const viaCallApi = await client.callTool("call_api", {
      upstream: "demo",
      method: "POST",
      path: endpoint,
    });
    expect(viaCallApi.isError).toBe(true);
  });

  it("keeps reserved characters in a segment encoded, so the upstream sees one segment", async () => {
    await using client = await Client.connect(demo.gateway().server);
    const result = await client.callTool("fetch_data", {
      upstream: "demo",
      endpoint: "/echo?x=a@b.c&y=../z",
    });
    expect(JSON.parse(resultText(result)).url).toBe("/api/echo?x=a%40b.c&y=..%2Fz");
  });

  it("refuses an upstream name it does not know, so the model cannot name a host", async () => {
    await using client = await Client.connect(demo.gateway().server);
    const result = await client.callTool("fetch_data", { upstream: "169.254.169.254", endpoint: "/" });
    expect(result.isError).toBe(true);
    expect(resultText(result)).toMatch(/^Invalid arguments for tool fetch_data: upstream: /);
  });
});

describe("SSRF: private addresses are refused unless the upstream opts in", () => {
  it("refuses a host name that resolves to loopback, at connect time", async () => {
    const port = new URL(demo.upstream().origin).port;
    await using client = await Client.connect(
      demo.gateway({ baseUrl: `http://localhost:${port}/api/`, allowPrivateNetwork: false }).server,
    );
    const result = await client.callTool("fetch_data", { upstream: "demo", endpoint: "/pets" });
    expect(result.isError).toBe(true);
    expect(resultText(result)).toMatch(
      /^Upstream demo refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address, which this upstream may not reach \(private networks need allowPrivateNetwork: true/,
    );
    expect(demo.upstream().hits("/api/pets")).toBe(0);
  });

  const literals: Array<[string, string]> = [
    ["127.0.0.1", "loopback"],
    ["2130706433", "loopback"], // decimal form, normalised by the URL parser
    ["0x7f.1", "loopback"],
    ["169.254.169.254", "link-local (cloud metadata)"],
    ["10.0.0.8", "private"],
    ["100.64.0.1", "carrier-grade NAT"],
    ["0.0.0.0", "unspecified"],
    ["[::1]", "loopback"],
    ["[::ffff:127.0.0.1]", "IPv4-mapped"],
    ["[::ffff:169.254.169.254]", "IPv4-mapped"],
    ["[64:ff9b::7f00:1]", "NAT64 form of a loopback"],
    ["[fe80::1]", "link-local"],
    ["[fd12:3456::1]", "unique local (ULA)"],
    ["[ff02::1]", "multicast"],
  ];
  it.each(literals)("refuses the literal address %s", async (host, reason) => {
    const port = new URL(demo.upstream().origin).port;
    await using client = await Client.connect(
      demo.gateway({ baseUrl: `http://${host}:${port}/api/`, allowPrivateNetwork: false }).server,
    );
    const result = await client.callTool("fetch_data", { upstream: "demo", endpoint: "/pets" });
    expect(result.isError).toBe(true);
    expect(resultText(result)).toContain(`Upstream demo is at a ${reason}`);
    expect(demo.upstream().hits("/api/pets")).toBe(0);
  });
});

describe("redirects are followed by hand and re-checked", () => {
  it("follows a redirect that stays under the base path", async () => {
    await using client = await Client.connect(demo.gateway().server);
    const result = await client.callTool("fetch_data", {
      upstream: "demo",
      endpoint: "/redirect",
      params: { to: "/api/pets/1" },
    });
    expect(result.structuredContent).toEqual({ id: 1, name: "Rex", tag: "dog" });
  });

  const refused: Array<[string, RegExp]> = [
    [
      "http://169.254.169.254/latest/meta-data/",
      /redirected outside its base URL \(http:\/\/169\.254\.169\.254\)/,
    ],
    ["http://[::ffff:7f00:1]/api/pets", /redirected outside its base URL/],
    ["//evil.example/api/pets", /redirected outside its base URL \(http:\/\/evil\.example\)/],
    ["/admin", /redirected outside its base path/],
    ["/api/../admin", /redirected outside its base path/],
    ["/api/..%2fadmin", /redirected outside its base path/],
    ["http://user:pw@127.0.0.1/api/pets", /redirected outside its base URL/],
  ];
  it.each(refused)("refuses a redirect to %s", async (location, message) => {
    await using client = await Client.connect(demo.gateway().server);
    const result = await client.callTool("fetch_data", {
      upstream: "demo",
      endpoint: "/redirect",
      params: { to: location },
    });
    expect(result.isError).toBe(true);
    expect(resultText(result)).toMatch(message);
  });

  it("stops after five redirects", async () => {
    await using client = await Client.connect(demo.gateway().server);
    const result = await client.callTool("fetch_data", { upstream: "demo", endpoint: "/loop" });
    expect(result).toMatchObject({
      isError: true,
      content: [{ text: "Upstream demo redirected more than 5 times" }],
    });
    expect(demo.upstream().hits("/api/loop")).toBe(6);
  });
});

describe("secrets", () => {
  it("never appear in results, errors or log lines, whichever way they are sent", async () => {
    const port = new URL(demo.upstream().origin).port;
    const { server, logs } = demo.gateway([
      demoEntry(demo.upstream()),
      demoEntry(demo.upstream(), {
        name: "by_query",
        auth: { type: "query", name: "api_key", env: "DEMO_TOKEN" },
      }),
      demoEntry(demo.upstream(), {
        name: "by_header",
        auth: { type: "header", name: "X-Api-Key", env: "DEMO_TOKEN" },
      }),
      demoEntry(demo.upstream(), {
        name: "blocked",
        baseUrl: `http://localhost:${port}/api/`,
        allowPrivateNetwork: false,
      }),
    ]);
    await using client = await Client.connect(server);
    const shown: unknown[] = [await client.callTool("list_upstreams")];
    for (const name of ["demo", "by_query", "by_header"]) {
      const echoed = await client.callTool("fetch_data", { upstream: name, endpoint: "/echo" });
      expect(resultText(echoed)).toContain("[REDACTED]");
      shown.push(echoed);
      shown.push(
        await client.callTool("fetch_data", { upstream: name, endpoint: "/echo", params: { status: 500 } }),
      );
      shown.push(
        await client.callTool("call_api", {
          upstream: name,
          method: "POST",
          path: "/echo",
          query: { status: 404 },
        }),
      );
    }
    shown.push(await client.callTool("fetch_data", { upstream: "blocked", endpoint: "/echo" }));
    const binary = await client.callTool("fetch_data", { upstream: "by_header", endpoint: "/echo.bin" });
    expect(binary).toMatchObject({
      isError: true,
      content: [{ text: "The response from upstream by_header contains its credential, so it is not shown" }],
    });
    shown.push(binary);
    const everything = JSON.stringify(shown) + logs.join("");
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain(Buffer.from(SECRET).toString("base64").slice(0, 20));
    expect(
      logs.some(
        (line) => line.includes('"msg":"upstream request"') && line.includes('"upstream":"by_query"'),
      ),
    ).toBe(true);
    // The echo shows the credential did reach the upstream, just never the model.
    const echoed = JSON.parse(resultText(shown[1] as never)) as { headers: Record<string, string> };
    expect(echoed.headers.authorization).toBe("Bearer [REDACTED]");
  });
});

describe("limits", () => {
  it("enforces the upstream's rate limit with a clear error", async () => {
    await using client = await Client.connect(demo.gateway({ rateLimit: "2/minute" }).server);
    for (let call = 0; call < 2; call++) {
      expect(
        (await client.callTool("fetch_data", { upstream: "demo", endpoint: "/pets" })).isError,
      ).toBeFalsy();
    }
    const limited = await client.callTool("fetch_data", { upstream: "demo", endpoint: "/pets" });
    expect(limited.isError).toBe(true);
    expect(resultText(limited)).toMatch(
      /^Rate limit for upstream demo \(2\/minute\) reached; retry in \d+ s$/,
    );
    expect(demo.upstream().hits("/api/pets")).toBe(2);
  });

  it("caps requests in flight and refuses when the queue is full", async () => {
    await using client = await Client.connect(
      // The slow call only holds the slot; a short budget ends it.
      demo.gateway({
        maxConcurrency: 1,
        maxQueue: 0,
        retries: 0,
        timeouts: { headersMs: 1_000, totalMs: 1_500 },
      }).server,
    );
    const slow = client.callTool("fetch_data", { upstream: "demo", endpoint: "/slow" });
    // The slot is taken before the request leaves: wait for the upstream to see it.
    await vi.waitFor(() => expect(demo.upstream().hits("/api/slow")).toBe(1), { timeout: 30_000 });
    const busy = await client.callTool("fetch_data", { upstream: "demo", endpoint: "/pets" });
    expect(busy).toMatchObject({
      isError: true,
      content: [
        { text: expect.stringMatching(/^Upstream demo is busy \(1 requests in flight, 0 waiting\)/) },
      ],
    });
    expect((await slow).isError).toBe(true);
    expect(demo.upstream().hits("/api/pets")).toBe(0);
  });

  it("queues within the cap: two calls with one slot both succeed", async () => {
    await using client = await Client.connect(demo.gateway({ maxConcurrency: 1, maxQueue: 1 }).server);
    const results = await Promise.all([
      client.callTool("fetch_data", { upstream: "demo", endpoint: "/pets/1" }),
      client.callTool("fetch_data", { upstream: "demo", endpoint: "/pets/2" }),
    ]);
    expect(results.map((result) => result.structuredContent)).toEqual([
      { id: 1, name: "Rex", tag: "dog" },
      { id: 2, name: "Tom", tag: "cat" },
    ]);
  });
});

import { createServer } from "node:net";
import { describe, expect, it, vi } from "vitest";
import type { ScriptedResponse } from "./recorded-upstream.js";
import { startHarness, textOf } from "./test-support.js";
import { parseRetryAfter } from "./upstream.js";

const STACK = /\n\s+at |\.ts:\d+/;

/** Scripts the answers to forecast requests, in order; later requests get the recordings. */
function forecastScript(...answers: ScriptedResponse[]) {
  let served = 0;
  return {
    intercept: (request: { path: string }) =>
      request.path === "/v1/forecast" ? answers[served++] : undefined,
  };
}

const at = { latitude: 51.5, longitude: -0.12 };

/** A fake clock whose waits return at once: it records how long the upstream client asked to wait. */
function recordedWaits() {
  const waits: number[] = [];
  let clock = 0;
  const sleep = async (ms: number) => {
    waits.push(ms);
    clock += ms;
  };
  return { waits, sleep, now: () => clock };
}

describe("retries", () => {
  it("retries a 503 and answers from the second attempt", async () => {
    await using h = await startHarness(forecastScript({ status: 503, body: "upstream busy" }));
    const result = await h.client.callTool("get_weather", at);
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toMatch(/^Current weather in 51\.5000, -0\.1200/);
    expect(h.requestsTo("/v1/forecast")).toHaveLength(2);
  });

  it("waits as long as a 429's Retry-After asks, then succeeds", async () => {
    const { waits, sleep } = recordedWaits();
    await using h = await startHarness(
      forecastScript({
        status: 429,
        headers: { "retry-after": "1" },
        body: '{"error":true,"reason":"Too many"}',
      }),
      { upstream: { sleep } },
    );
    const result = await h.client.callTool("get_weather", at);
    expect(result.isError).toBeFalsy();
    expect(waits).toEqual([1_000]);
    expect(h.requestsTo("/v1/forecast")).toHaveLength(2);
  });

  it("gives up after the configured retries and names the provider and status", async () => {
    const failing: ScriptedResponse = { status: 503 };
    await using h = await startHarness(forecastScript(failing, failing, failing), {
      upstream: { retries: 2 },
    });
    const result = await h.client.callTool("get_weather", at);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      "Open-Meteo forecast API failed (HTTP 503 Service Unavailable) after 3 attempts. Try again later.",
    );
    expect(h.requestsTo("/v1/forecast")).toHaveLength(3);
  });

  it("does not cache a failure: the next call asks again and succeeds", async () => {
    await using h = await startHarness(forecastScript({ status: 500 }), { upstream: { retries: 0 } });
    const failed = await h.client.callTool("get_weather", at);
    expect(textOf(failed)).toBe(
      "Open-Meteo forecast API failed (HTTP 500 Internal Server Error). Try again later.",
    );
    const retried = await h.client.callTool("get_weather", at);
    expect(retried.isError).toBeFalsy();
  });

  it("fails fast when Retry-After is longer than it is willing to wait", async () => {
    const { waits, sleep } = recordedWaits();
    await using h = await startHarness(forecastScript({ status: 429, headers: { "retry-after": "120" } }), {
      upstream: { sleep },
    });
    const result = await h.client.callTool("get_weather", at);
    expect(waits).toEqual([]);
    expect(textOf(result)).toBe(
      "Open-Meteo forecast API failed (HTTP 429 Too Many Requests) and asked to wait 120 s (Retry-After). Try again later.",
    );
    expect(h.requestsTo("/v1/forecast")).toHaveLength(1);
  });

  it("does not retry a 400, and passes on Open-Meteo's reason", async () => {
    await using h = await startHarness(
      forecastScript({
        status: 400,
        body: '{"error":true,"reason":"Cannot initialize WeatherVariable from invalid String value"}',
      }),
    );
    const result = await h.client.callTool("get_weather", at);
    expect(textOf(result)).toBe(
      "Open-Meteo forecast API rejected the request (HTTP 400 Bad Request): Cannot initialize WeatherVariable from invalid String value",
    );
    expect(h.requestsTo("/v1/forecast")).toHaveLength(1);
  });

  it("names the geocoding API when place search fails", async () => {
    await using h = await startHarness(
      { intercept: (request) => (request.path === "/v1/search" ? { status: 502 } : undefined) },
      { upstream: { retries: 1 } },
    );
    const result = await h.client.callTool("get_weather", { city: "London" });
    expect(textOf(result)).toBe(
      "Open-Meteo geocoding API failed (HTTP 502 Bad Gateway) after 2 attempts. Try again later.",
    );
  });
});

describe("timeouts and unreachable upstreams", () => {
  it("reports a timeout within the configured bound when upstream never answers", async () => {
    await using h = await startHarness(forecastScript("hang", "hang", "hang"), {
      upstream: { timeoutMs: 600 },
    });
    const result = await h.client.callTool("get_weather", at);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      "Open-Meteo forecast API did not answer within 0.6 s (timeout). Try again later.",
    );
    await until(() => h.requestsTo("/v1/forecast")[0]?.abandoned === true);
  });

  it("hangs up on the upstream when the client cancels the call", async () => {
    await using h = await startHarness(forecastScript("hang"));
    const controller = new AbortController();
    const call = h.client.callTool("get_weather", at, { signal: controller.signal });
    await until(() => h.requestsTo("/v1/forecast").length === 1);
    controller.abort();
    await expect(call).rejects.toThrow();
    await until(() => h.requestsTo("/v1/forecast")[0]?.abandoned === true);
    expect(h.requestsTo("/v1/forecast")).toHaveLength(1);
  });

  it("still answers a caller that joined a request another caller cancelled", async () => {
    await using h = await startHarness(forecastScript("hang"));
    const controller = new AbortController();
    const cancelled = h.client.callTool("get_weather", at, { signal: controller.signal });
    await until(() => h.requestsTo("/v1/forecast").length === 1);
    const joined = h.client.callTool("get_weather", at);
    // Messages are handled in order: once the ping is answered, the second call has joined the first.
    await h.client.ping();
    expect(h.requestsTo("/v1/forecast")).toHaveLength(1);
    controller.abort();
    await expect(cancelled).rejects.toThrow();
    const result = await joined;
    expect(result.isError).toBeFalsy();
    expect(h.requestsTo("/v1/forecast")).toHaveLength(2);
  });

  it("keeps retries and backoff inside the same overall budget", async () => {
    const slow: ScriptedResponse = { status: 503 };
    const { waits, sleep, now } = recordedWaits();
    await using h = await startHarness(forecastScript(slow, slow, slow, slow), {
      upstream: { timeoutMs: 400, retries: 5, backoffMs: 300, sleep, now },
    });
    const result = await h.client.callTool("get_weather", at);
    // It plans no wait that would overrun the budget, rather than sleeping past it.
    expect(waits.reduce((sum, wait) => sum + wait, 0)).toBeLessThan(400);
    expect(h.requestsTo("/v1/forecast").length).toBeLessThan(6);
    expect(textOf(result)).toMatch(
      /^Open-Meteo forecast API failed \(HTTP 503 Service Unavailable\)(; retrying would exceed the 0\.4 s limit| did not answer)/,
    );
  });

  it("reports an unreachable upstream after retrying", async () => {
    const port = await closedPort();
    await using h = await startHarness(
      {},
      {
        baseUrls: { geocoding: `http://127.0.0.1:${port}`, forecast: `http://127.0.0.1:${port}` },
        upstream: { retries: 1 },
      },
    );
    const result = await h.client.callTool("get_weather", at);
    expect(textOf(result)).toBe(
      "Open-Meteo forecast API could not be reached (ECONNREFUSED) after 2 attempts. Try again later.",
    );
  });
});

describe("garbage from upstream", () => {
  it.each([
    [
      "not JSON",
      "<html>502 Bad Gateway</html>",
      "Open-Meteo forecast API returned a response that is not valid JSON. Try again later.",
    ],
    [
      "truncated JSON",
      '{"latitude":51.5,"longitude":',
      "Open-Meteo forecast API returned a response that is not valid JSON. Try again later.",
    ],
    [
      "the wrong shape",
      '{"latitude":"north","longitude":0}',
      /^Open-Meteo forecast API returned an unexpected response \(.+ at latitude\)\. Try again later\.$/,
    ],
    ["an array", "[]", /^Open-Meteo forecast API returned an unexpected response \(/],
  ])("reports %s clearly, without a stack", async (_what, body, message) => {
    await using h = await startHarness(forecastScript({ status: 200, body }));
    const result = await h.client.callTool("get_weather", at);
    expect(result.isError).toBe(true);
    const text = textOf(result);
    if (typeof message === "string") expect(text).toBe(message);
    else expect(text).toMatch(message);
    expect(text).not.toMatch(STACK);
    expect(h.requestsTo("/v1/forecast")).toHaveLength(1);
  });

  it("rejects a response in the wrong units rather than mislabel it", async () => {
    const body = JSON.stringify({
      latitude: 51.5,
      longitude: -0.12,
      timezone: "Europe/London",
      current_units: { temperature_2m: "°C" },
      current: { time: "2026-11-21T23:00", temperature_2m: 7 },
      daily: { time: ["2026-11-21"] },
    });
    await using h = await startHarness(forecastScript({ status: 200, body }));
    const result = await h.client.callTool("get_weather", { ...at, units: "imperial" });
    expect(textOf(result)).toBe("Open-Meteo forecast API answered in °C although °F was requested.");
  });

  it("caps the response size", async () => {
    const huge = JSON.stringify({ padding: "x".repeat(300_000) });
    await using h = await startHarness(forecastScript({ status: 200, body: huge }), {
      upstream: { maxResponseBytes: 100_000 },
    });
    const result = await h.client.callTool("get_weather", at);
    expect(textOf(result)).toBe("Open-Meteo forecast API sent a response larger than 98 KB.");
  });

  it("reports a malformed geocoding answer naming the geocoding API", async () => {
    await using h = await startHarness({
      intercept: (request) =>
        request.path === "/v1/search" ? { status: 200, body: '{"results":[{"name":"London"}]}' } : undefined,
    });
    const result = await h.client.callTool("search_locations", { query: "London" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(
      /^Open-Meteo geocoding API returned an unexpected response \(.+ at results\.0\.id\)/,
    );
  });
});

describe("parseRetryAfter", () => {
  it("reads delta-seconds and HTTP dates", () => {
    const now = Date.parse("2026-11-21T23:00:00Z");
    expect(parseRetryAfter("3", now)).toBe(3_000);
    expect(parseRetryAfter("Sat, 21 Nov 2026 23:00:10 GMT", now)).toBe(10_000);
    expect(parseRetryAfter("Sat, 21 Nov 2026 22:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

/** Waits for a condition the test cannot await directly; the timeout only catches a hang. */
async function until(condition: () => boolean): Promise<void> {
  await vi.waitFor(() => expect(condition()).toBe(true), { timeout: 30_000, interval: 10 });
}

/** A port nothing listens on: bind an ephemeral one, then release it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

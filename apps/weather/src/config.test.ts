import { ConfigError } from "@mcpkit/core";
import { describe, expect, it } from "vitest";
import { parseConfig } from "./config.js";

describe("parseConfig", () => {
  it("defaults to the live Open-Meteo and NWS origins on stdio", () => {
    const config = parseConfig([], {});
    expect(config).toMatchObject({
      offline: false,
      noAlerts: false,
      transport: "stdio",
      baseUrls: {
        geocoding: "https://geocoding-api.open-meteo.com",
        forecast: "https://api.open-meteo.com",
        alerts: "https://api.weather.gov",
      },
      upstream: { timeoutMs: 10_000, retries: 2 },
      logLevel: "info",
    });
  });

  it("reads the environment, and flags win over it", () => {
    const env = {
      WEATHER_TIMEOUT: "2500",
      WEATHER_RETRIES: "4",
      WEATHER_OFFLINE: "1",
      WEATHER_FORECAST_URL: "http://127.0.0.1:9/",
    };
    const config = parseConfig(
      ["--retries", "0", "--no-alerts", "--transport", "http", "--port", "8080"],
      env,
    );
    expect(config).toMatchObject({
      offline: true,
      noAlerts: true,
      transport: "http",
      port: 8080,
      upstream: { timeoutMs: 2500, retries: 0 },
      baseUrls: { forecast: "http://127.0.0.1:9" },
    });
  });

  it("returns help for --help", () => {
    expect(parseConfig(["--help"], {})).toBe("help");
  });

  it.each([
    [["--timeout", "soon"], "--timeout must be a number"],
    [["--timeout", "10"], "--timeout must be at least 100"],
    [["--retries", "11"], "--retries must be at most 10"],
    [["--forecast-url", "ftp://example.com"], "--forecast-url must be an http(s) URL"],
    [["--transport", "carrier-pigeon"], "--transport must be stdio, http or sse"],
    [["--port", "70000"], "--port must be at most 65535"],
    [["--log-level", "loud"], "--log-level must be debug"],
    [["--frobnicate"], "unknown flag --frobnicate"],
    [["--retry", "1"], "unknown flag --retry (did you mean --retries?)"],
  ])("rejects %j clearly", (argv, message) => {
    expect(() => parseConfig(argv, {})).toThrow(ConfigError);
    expect(() => parseConfig(argv, {})).toThrow(message);
  });
});

describe("--redis-url", () => {
  const key = "k".repeat(32);
  const url = "redis://127.0.0.1:6379";

  it("is taken over HTTP with a request-state key every replica shares, and refused where it would break", () => {
    expect(
      parseConfig(["--transport", "http", "--redis-url", url], { MCPKIT_REQUEST_STATE_KEY: key }),
    ).toMatchObject({
      redisUrl: url,
      requestStateKey: [key],
    });
    expect(
      parseConfig(["--transport", "http"], { MCPKIT_REDIS_URL: url, MCPKIT_REQUEST_STATE_KEY: key }),
    ).toMatchObject({ redisUrl: url });
    expect(() => parseConfig(["--redis-url", url], { MCPKIT_REQUEST_STATE_KEY: key })).toThrow(
      "--redis-url is for replicas served over HTTP",
    );
    expect(() => parseConfig(["--transport", "http"], { MCPKIT_REDIS_URL: url })).toThrow(
      "--redis-url needs MCPKIT_REQUEST_STATE_KEY, the same secret on every replica",
    );
  });
});

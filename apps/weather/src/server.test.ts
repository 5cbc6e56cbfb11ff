import { ErrorCode, McpError } from "@mcpkit/core";
import { describe, expect, it } from "vitest";
import { startHarness, textOf } from "./test-support.js";

interface Current {
  location: { name: string; label: string; latitude: number; longitude: number; timezone?: string };
  ambiguity?: { query: string; picked: string; alternatives: Array<{ label: string }> };
  units: Record<string, string>;
  condition: string;
  weatherCode: number;
  temperature: number;
  feelsLike: number;
  windSpeed: number;
  windGusts: number;
  precipitation: number;
  pressure: number;
  windDirection: string;
}

interface Daily {
  location: { label: string };
  units: Record<string, string>;
  days: Array<{
    date: string;
    condition: string;
    temperatureMax: number;
    temperatureMin: number;
    precipitation: number;
  }>;
}

describe("tools and resources advertised", () => {
  it("lists four read-only tools with output schemas, and two resource templates", async () => {
    await using h = await startHarness();
    const tools = await h.client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual([
      "get_alerts",
      "get_forecast",
      "get_weather",
      "search_locations",
    ]);
    for (const tool of tools) {
      expect(tool.outputSchema?.type).toBe("object");
      expect(tool.annotations?.readOnlyHint).toBe(true);
    }
    const templates = await h.client.listResourceTemplates();
    expect(templates.map((template) => template.uriTemplate).sort()).toEqual([
      "weather://{city}/current",
      "weather://{city}/forecast",
    ]);
  });

  it("drops get_alerts when alerts are turned off", async () => {
    await using h = await startHarness({}, { alerts: false });
    expect((await h.client.listTools()).map((tool) => tool.name)).not.toContain("get_alerts");
  });
});

describe("get_weather", () => {
  it("gives current conditions for a city in words and metric units", async () => {
    await using h = await startHarness();
    const result = await h.client.callTool("get_weather", { city: "Tokyo" });
    expect(result.isError).toBeFalsy();
    const weather = result.structuredContent as unknown as Current;
    expect(weather.location).toMatchObject({ name: "Tokyo", label: "Tokyo, Japan", timezone: "Asia/Tokyo" });
    expect(weather.units).toEqual({
      system: "metric",
      temperature: "°C",
      windSpeed: "km/h",
      precipitation: "mm",
      pressure: "hPa",
    });
    expect(weather.condition).toBe("Clear sky");
    expect(weather.temperature).toBe(10.1);
    expect(weather.windDirection).toBe("SSW");
    const text = textOf(result);
    expect(text).toContain("Current weather in Tokyo, Japan");
    expect(text).toContain("Clear sky, 10.1 °C");
    expect(text).toContain("km/h");
    expect(text).not.toContain("{");
    const [forecast] = h.requestsTo("/v1/forecast");
    expect(forecast?.query.get("temperature_unit")).toBe("celsius");
    expect(forecast?.query.get("wind_speed_unit")).toBe("kmh");
    expect(forecast?.query.get("precipitation_unit")).toBe("mm");
    expect(forecast?.query.get("timezone")).toBe("auto");
    expect(forecast?.query.get("current")).toContain("weather_code");
    const [search] = h.requestsTo("/v1/search");
    expect(search?.query.get("name")).toBe("Tokyo");
    expect(search?.query.get("language")).toBe("en");
    expect(search?.query.get("format")).toBe("json");
  });

  it("applies imperial units to every field and says so", async () => {
    await using h = await startHarness();
    const metric = (await h.client.callTool("get_weather", { city: "Tokyo" }))
      .structuredContent as unknown as Current;
    const result = await h.client.callTool("get_weather", { city: "Tokyo", units: "imperial" });
    const imperial = result.structuredContent as unknown as Current;
    expect(imperial.units).toEqual({
      system: "imperial",
      temperature: "°F",
      windSpeed: "mph",
      precipitation: "in",
      pressure: "inHg",
    });
    expect(imperial.temperature).toBeCloseTo((metric.temperature * 9) / 5 + 32, 1);
    expect(imperial.feelsLike).toBeCloseTo((metric.feelsLike * 9) / 5 + 32, 1);
    expect(imperial.windSpeed).toBeCloseTo(metric.windSpeed / 1.609344, 1);
    expect(imperial.windGusts).toBeCloseTo(metric.windGusts / 1.609344, 1);
    expect(imperial.pressure).toBeCloseTo(metric.pressure * 0.02953, 2);
    expect(textOf(result)).toMatch(/50\.2 °F.*\n.*mph.*\n.*inHg/s);
    const asked = h.requestsTo("/v1/forecast").at(-1)?.query;
    expect(asked?.get("temperature_unit")).toBe("fahrenheit");
    expect(asked?.get("wind_speed_unit")).toBe("mph");
    expect(asked?.get("precipitation_unit")).toBe("inch");
  });

  it("takes coordinates instead of a city, without geocoding", async () => {
    await using h = await startHarness();
    const result = await h.client.callTool("get_weather", { latitude: 40.7128, longitude: -74.006 });
    expect(result.isError).toBeFalsy();
    const weather = result.structuredContent as unknown as Current;
    expect(weather.location).toMatchObject({ label: "40.7128, -74.0060", timezone: "America/New_York" });
    expect(h.requestsTo("/v1/search")).toHaveLength(0);
    expect(h.requestsTo("/v1/forecast")[0]?.query.get("latitude")).toBe("40.71");
  });

  it.each([
    [{ latitude: 91, longitude: 0 }, /latitude/],
    [{ latitude: 0, longitude: -180.5 }, /longitude/],
    [{ city: "Paris", latitude: 1, longitude: 2 }, /either city or latitude and longitude/],
    [{ latitude: 48.8 }, /latitude and longitude go together/],
    [{}, /Give a city, or latitude and longitude/],
    [{ city: "" }, /city/],
    [{ city: "   " }, /city/],
    [{ city: "x".repeat(201) }, /city/],
    [{ city: " , , " }, /too short/],
    [{ latitude: "40", longitude: "-74" }, /latitude/],
    [{ city: "Paris", units: "kelvin" }, /units/],
    [{ city: "x" }, /too short/],
  ])("rejects %j with a clear error and no upstream call", async (args, message) => {
    await using h = await startHarness();
    const result = await h.client.callTool("get_weather", args);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(message);
    expect(h.upstream.requests).toHaveLength(0);
  });

  it("picks the most populous of several places with one name, and says which", async () => {
    await using h = await startHarness();
    const result = await h.client.callTool("get_weather", { city: "Springfield" });
    expect(result.isError).toBeFalsy();
    const weather = result.structuredContent as unknown as Current;
    expect(weather.location.label).toBe("Springfield, Missouri, United States");
    expect(weather.ambiguity?.picked).toBe("Springfield, Missouri, United States");
    expect(weather.ambiguity?.alternatives.map((place) => place.label)).toContain(
      "Springfield, Illinois, United States",
    );
    expect(textOf(result)).toMatch(
      /Several places are called "Springfield"; picked the most populous: Springfield, Missouri/,
    );
  });

  it.each([
    ["Springfield, Illinois", "Springfield, Illinois, United States"],
    ["Springfield, IL", "Springfield, Illinois, United States"],
    ["springfield, ohio, united states", "Springfield, Ohio, United States"],
    ["London, CA", "London, Ontario, Canada"],
    ["zurich", "Zürich, Zurich, Switzerland"],
  ])("narrows %s by region or country", async (city, label) => {
    await using h = await startHarness();
    const result = await h.client.callTool("get_weather", { city });
    expect(result.isError).toBeFalsy();
    const weather = result.structuredContent as unknown as Current;
    expect(weather.location.label).toBe(label);
    expect(weather.ambiguity).toBeUndefined();
  });

  it("says an unknown place is unknown and offers the close matches the geocoder found", async () => {
    await using h = await startHarness();
    const result = await h.client.callTool("get_weather", { city: "Lodnon" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(
      /^No place named "Lodnon" was found\. Close matches: London, England, United Kingdom/,
    );
    expect(h.requestsTo("/v1/forecast")).toHaveLength(0);
  });

  it("retries an empty search with a shorter query to find candidates", async () => {
    await using h = await startHarness();
    const result = await h.client.callTool("get_weather", { city: "Reykjavikurborg" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(
      /No place named "Reykjavikurborg" was found\. Close matches: Reykjavík, Capital Region, Iceland/,
    );
    expect(h.requestsTo("/v1/search").map((request) => request.query.get("name"))).toEqual([
      "Reykjavikurborg",
      "Reykjavik",
    ]);
  });

  it("says when nothing similar exists either", async () => {
    await using h = await startHarness();
    const result = await h.client.callTool("get_weather", { city: "Qqqxxzz" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/No place named "Qqqxxzz" was found\. Nothing similar either/);
  });

  it("names the region it could not match", async () => {
    await using h = await startHarness();
    const result = await h.client.callTool("get_weather", { city: "Springfield, Texas" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(
      /No place named "Springfield" in "Texas" was found\. Close matches: Springfield, Missouri/,
    );
  });
});

describe("get_forecast", () => {
  it("gives 7 days by default with conditions in words", async () => {
    await using h = await startHarness();
    const result = await h.client.callTool("get_forecast", { city: "Paris, France" });
    expect(result.isError).toBeFalsy();
    const forecast = result.structuredContent as unknown as Daily;
    expect(forecast.location.label).toBe("Paris, Île-de-France, France");
    expect(forecast.days).toHaveLength(7);
    expect(forecast.days[0]).toMatchObject({ date: "2026-11-22", condition: "Overcast" });
    expect(forecast.days.map((day) => day.condition)).toContain("Fog");
    expect(h.requestsTo("/v1/forecast")[0]?.query.get("forecast_days")).toBe("7");
    const text = textOf(result);
    expect(text.split("\n")).toHaveLength(8);
    expect(text).toContain("2026-11-23: Slight rain, 4.4 °C to 9.9 °C, precipitation 5.3 mm (74% chance)");
  });

  it.each([1, 16])("gives exactly %i day(s)", async (days) => {
    await using h = await startHarness();
    const result = await h.client.callTool("get_forecast", { city: "Sydney", days });
    const forecast = result.structuredContent as unknown as Daily;
    expect(forecast.days).toHaveLength(days);
  });

  it("shows readings upstream has not got yet as null, and leaves them out of the text", async () => {
    await using h = await startHarness();
    const result = await h.client.callTool("get_forecast", { city: "Sydney", days: 16 });
    const last = (result.structuredContent as unknown as Daily).days.at(-1) as Record<string, unknown>;
    expect(last).toMatchObject({ precipitationProbabilityPercent: null, uvIndexMax: null });
    expect(textOf(result).split("\n").at(-1)).toMatch(/^2026-12-07: .*precipitation [\d.]+ mm, wind/);
  });

  it("converts daily values to imperial units", async () => {
    await using h = await startHarness();
    const metric = (await h.client.callTool("get_forecast", { city: "Reykjavik", days: 2 }))
      .structuredContent as unknown as Daily;
    const imperial = (
      await h.client.callTool("get_forecast", { city: "Reykjavik", days: 2, units: "imperial" })
    ).structuredContent as unknown as Daily;
    const [m, i] = [metric.days[0]!, imperial.days[0]!];
    expect(i.temperatureMax).toBeCloseTo((m.temperatureMax * 9) / 5 + 32, 1);
    expect(i.temperatureMin).toBeCloseTo((m.temperatureMin * 9) / 5 + 32, 1);
    expect(i.precipitation).toBeCloseTo(m.precipitation / 25.4, 3);
    expect(imperial.units.temperature).toBe("°F");
  });

  it.each([0, 17, 2.5])("rejects days=%s naming the field", async (days) => {
    await using h = await startHarness();
    const result = await h.client.callTool("get_forecast", { city: "Paris", days });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/days/);
    expect(h.upstream.requests).toHaveLength(0);
  });
});

describe("search_locations", () => {
  it("lists candidates with region, country, coordinates and population", async () => {
    await using h = await startHarness();
    const result = await h.client.callTool("search_locations", { query: "Springfield", count: 3 });
    const found = result.structuredContent as { results: Array<Record<string, unknown>> };
    expect(found.results).toHaveLength(3);
    expect(found.results[0]).toMatchObject({
      name: "Springfield",
      region: "Missouri",
      country: "United States",
      countryCode: "US",
      latitude: 37.21533,
      longitude: -93.29824,
      population: 169176,
      timezone: "America/Chicago",
    });
    expect(textOf(result)).toContain(
      "- Springfield, Illinois, United States (39.8017, -89.6437, population 114,394)",
    );
    expect(h.requestsTo("/v1/search")[0]?.query.get("count")).toBe("20");
  });

  it("answers an empty list, not an error, when nothing matches", async () => {
    await using h = await startHarness();
    const result = await h.client.callTool("search_locations", { query: "Qqqxxzz" });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ query: "Qqqxxzz", results: [] });
    expect(textOf(result)).toMatch(/No places match "Qqqxxzz"/);
  });

  it.each([{ query: "  " }, { query: "x" }, { query: 42 }])("rejects the query %j", async (args) => {
    await using h = await startHarness();
    const result = await h.client.callTool("search_locations", args);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/query/);
    expect(h.upstream.requests).toHaveLength(0);
  });

  it("rejects a count above 20", async () => {
    await using h = await startHarness();
    const result = await h.client.callTool("search_locations", { query: "Paris", count: 50 });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/count/);
  });
});

describe("caching", () => {
  it("answers a repeated question without asking upstream again", async () => {
    await using h = await startHarness();
    const first = await h.client.callTool("get_weather", { city: "London" });
    const second = await h.client.callTool("get_weather", { city: "london" });
    expect(second.structuredContent).toEqual({
      ...first.structuredContent,
      ambiguity: { ...(first.structuredContent?.ambiguity as object), query: "london" },
    });
    expect(h.requestsTo("/v1/search")).toHaveLength(1);
    expect(h.requestsTo("/v1/forecast")).toHaveLength(1);
    const search = await h.client.callTool("search_locations", { query: "London", count: 1 });
    expect((search.structuredContent as { results: unknown[] }).results).toHaveLength(1);
    expect(h.requestsTo("/v1/search")).toHaveLength(1);
  });

  it("keys forecasts by units and days", async () => {
    await using h = await startHarness();
    await h.client.callTool("get_forecast", { city: "London", days: 3 });
    await h.client.callTool("get_forecast", { city: "London", days: 3 });
    await h.client.callTool("get_forecast", { city: "London", days: 4 });
    await h.client.callTool("get_forecast", { city: "London", days: 3, units: "imperial" });
    expect(h.requestsTo("/v1/forecast")).toHaveLength(3);
  });

  it("refreshes a forecast after an hour but keeps places", async () => {
    let now = Date.parse("2026-11-21T23:00:00Z");
    await using h = await startHarness({}, { now: () => now });
    await h.client.callTool("get_weather", { city: "London" });
    now += 59 * 60 * 1000;
    await h.client.callTool("get_weather", { city: "London" });
    expect(h.requestsTo("/v1/forecast")).toHaveLength(1);
    now += 2 * 60 * 1000;
    await h.client.callTool("get_weather", { city: "London" });
    expect(h.requestsTo("/v1/forecast")).toHaveLength(2);
    expect(h.requestsTo("/v1/search")).toHaveLength(1);
  });
});

describe("resources", () => {
  it("reads weather://{city}/current and /forecast as JSON", async () => {
    await using h = await startHarness();
    const current = await h.client.readResource("weather://Tokyo/current");
    const [content] = current.contents as Array<{ uri: string; mimeType?: string; text: string }>;
    expect(content?.uri).toBe("weather://Tokyo/current");
    expect(content?.mimeType).toBe("application/json");
    expect(JSON.parse(content?.text ?? "")).toMatchObject({
      location: { name: "Tokyo" },
      condition: "Clear sky",
    });
    const forecast = await h.client.readResource("weather://New%20York/forecast");
    const parsed = JSON.parse((forecast.contents[0] as { text: string }).text) as Daily;
    expect(parsed.location.label).toBe("New York, United States");
    expect(parsed.days).toHaveLength(7);
  });

  it("answers an unknown city with an error that offers candidates", async () => {
    await using h = await startHarness();
    const error = await h.client.readResource("weather://Lodnon/current").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(McpError);
    expect((error as McpError).code).toBe(ErrorCode.InvalidParams);
    expect((error as McpError).message).toMatch(/No place named "Lodnon" was found\. Close matches: London/);
  });

  it.each(["weather:///current", "weather://%E0%A4%A/current", "weather://London/hourly"])(
    "answers %s with resource-not-found",
    async (uri) => {
      await using h = await startHarness();
      const error = await h.client.readResource(uri).catch((caught: unknown) => caught);
      expect((error as McpError).code).toBe(ErrorCode.ResourceNotFound);
      expect(h.upstream.requests).toHaveLength(0);
    },
  );

  it("completes and lists cities already looked up", async () => {
    await using h = await startHarness();
    const ref = { type: "ref/resource" as const, uri: "weather://{city}/forecast" };
    expect((await h.client.complete(ref, { name: "city", value: "Lo" })).completion.values).toEqual([]);
    await h.client.callTool("get_weather", { city: "London" });
    await h.client.callTool("search_locations", { query: "Londonderry" });
    await h.client.callTool("get_weather", { city: "Zurich" });
    const completed = await h.client.complete(ref, { name: "city", value: "lo" });
    expect(completed.completion.values).toEqual(["London", "Londonderry County Borough"]);
    expect((await h.client.complete(ref, { name: "city", value: "zu" })).completion.values).toEqual([
      "Zürich",
    ]);
    const listed = (await h.client.listResources()).map((resource) => resource.uri);
    expect(listed).toContain("weather://London/current");
    expect(listed).toContain("weather://Z%C3%BCrich/forecast");
  });
});

describe("get_alerts", () => {
  it("lists active NWS alerts for a US place, sending a User-Agent", async () => {
    await using h = await startHarness();
    const result = await h.client.callTool("get_alerts", { city: "Springfield, MO" });
    expect(result.isError).toBeFalsy();
    const found = result.structuredContent as { alerts: Array<{ event: string; severity: string }> };
    expect(found.alerts).toEqual([
      expect.objectContaining({ event: "Winter Weather Advisory", severity: "Moderate" }),
    ]);
    expect(textOf(result)).toMatch(
      /^1 active NWS alert\(s\) for Springfield, Missouri, United States:\n- Winter Weather Advisory/,
    );
    const [request] = h.requestsTo("/alerts/active");
    expect(request?.query.get("point")).toBe("37.2153,-93.2982");
    expect(request?.headers["user-agent"]).toMatch(/mcpkit-weather/);
  });

  it("says when there are none", async () => {
    await using h = await startHarness();
    const result = await h.client.callTool("get_alerts", { city: "New York" });
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toBe("No active NWS alerts for New York, United States.");
  });

  it("refuses a place outside the US without calling NWS", async () => {
    await using h = await startHarness();
    const result = await h.client.callTool("get_alerts", { city: "Paris" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(
      /NWS alerts cover the United States only; Paris, Île-de-France, France is not in the US/,
    );
    expect(h.requestsTo("/alerts/active")).toHaveLength(0);
  });

  it("passes on NWS's reason for coordinates it does not cover", async () => {
    await using h = await startHarness();
    const result = await h.client.callTool("get_alerts", { latitude: 51.5, longitude: -0.12 });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(
      /^National Weather Service alerts API \(api\.weather\.gov\) rejected the request \(HTTP 400 Bad Request\): Parameter "point" is invalid/,
    );
  });
});

import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Client, createProxy, FastMCP, type ToolTransforms } from "../src/index.js";

/** A source server whose tool echoes the arguments it really received. */
function createWeather(): FastMCP {
  const weather = new FastMCP({ name: "weather", version: "1.0.0", logLevel: "silent" });
  weather.tool(
    {
      name: "get_forecast",
      description: "Forecast.",
      input: {
        city: z.string().describe("City"),
        units: z.enum(["metric", "imperial"]),
        days: z.number().int(),
      },
    },
    (args) => JSON.stringify(args),
  );
  weather.tool({ name: "ping_station", input: { id: z.string() } }, ({ id }) => `pong ${id}`);
  return weather;
}

const TRANSFORMS: ToolTransforms = {
  get_forecast: {
    name: "forecast",
    description: "Three-day forecast for a city.",
    arguments: {
      city: { description: "A city name, e.g. Oslo" },
      units: { hide: true, default: "imperial" },
      days: { name: "num_days", default: 3 },
    },
  },
};

const text = (result: { content: unknown }) => (result.content as Array<{ text: string }>)[0]?.text;

async function expectTransformed(client: Client, name: string): Promise<void> {
  const tools = await client.listTools();
  const tool = tools.find((candidate) => candidate.name === name);
  expect(tool?.description).toBe("Three-day forecast for a city.");
  const schema = tool?.inputSchema as {
    properties: Record<string, { description?: string; default?: unknown }>;
    required?: string[];
  };
  expect(Object.keys(schema.properties).sort()).toEqual(["city", "num_days"]);
  expect(schema.properties.city?.description).toBe("A city name, e.g. Oslo");
  expect(schema.properties.num_days?.default).toBe(3);
  expect(schema.required).toEqual(["city"]);

  const defaulted = await client.callTool(name, { city: "Oslo" });
  expect(JSON.parse(text(defaulted) ?? "")).toEqual({ city: "Oslo", units: "imperial", days: 3 });
  const given = await client.callTool(name, { city: "Oslo", num_days: 5 });
  expect(JSON.parse(text(given) ?? "")).toEqual({ city: "Oslo", units: "imperial", days: 5 });
  // The hidden argument is fixed: a caller's value for it never reaches the source tool.
  const overridden = await client.callTool(name, { city: "Oslo", units: "metric" });
  expect(JSON.parse(text(overridden) ?? "")).toEqual({ city: "Oslo", units: "imperial", days: 3 });
  // The transformed schema is what the caller is checked against.
  const missing = await client.callTool(name, { num_days: 1 });
  expect(missing.isError).toBe(true);
  expect(text(missing)).toContain("city");
}

describe("tool transforms", () => {
  it("rename, redescribe, hide and default arguments of a mounted server's tool", async () => {
    const weather = createWeather();
    const app = new FastMCP({ name: "app", logLevel: "silent" });
    app.mount("weather", weather, { transforms: TRANSFORMS });
    await using client = await Client.connect(app);
    const names = (await client.listTools()).map((tool) => tool.name).sort();
    expect(names).toEqual(["weather_forecast", "weather_ping_station"]);
    await expectTransformed(client, "weather_forecast");
    expect(text(await client.callTool("weather_ping_station", { id: "7" }))).toBe("pong 7");

    // The source server is untouched.
    await using direct = await Client.connect(weather);
    const source = (await direct.listTools()).find((tool) => tool.name === "get_forecast");
    expect(Object.keys((source?.inputSchema.properties as object | undefined) ?? {}).sort()).toEqual([
      "city",
      "days",
      "units",
    ]);
    expect(source?.description).toBe("Forecast.");
  });

  it("apply to a proxied server's tools", async () => {
    const proxy = await createProxy(createWeather(), { logLevel: "silent", transforms: TRANSFORMS });
    try {
      await using client = await Client.connect(proxy);
      expect((await client.listTools()).map((tool) => tool.name).sort()).toEqual([
        "forecast",
        "ping_station",
      ]);
      await expectTransformed(client, "forecast");
    } finally {
      await proxy.close();
    }
  });

  it("a transform that cannot hold fails where it is given, naming the problem", async () => {
    const app = () => new FastMCP({ name: "app", logLevel: "silent" });
    expect(() =>
      app().mount("w", createWeather(), { transforms: { get_forecast: { descripton: "typo" } as never } }),
    ).toThrow(/get_forecast.*descripton|descripton/);
    expect(() =>
      app().mount("w", createWeather(), {
        transforms: { get_forecast: { arguments: { town: { hide: true } } } },
      }),
    ).toThrow('Tool "get_forecast" has no argument "town" to transform');
    expect(() =>
      app().mount("w", createWeather(), {
        transforms: { get_forecast: { arguments: { city: { hide: true } } } },
      }),
    ).toThrow('hiding the required argument "city" needs a default');
    await expect(
      createProxy(createWeather(), {
        transforms: { get_forecast: { arguments: { days: { name: "city" } } } },
      }),
    ).rejects.toThrow('two arguments would be named "city"');
  });
});

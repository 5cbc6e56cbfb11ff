import { describe, expect, it } from "vitest";
import { z } from "zod";
import { assistantMessage, Client, embeddedResource, FastMCP, Image, userMessage } from "../src/index.js";

const PNG_1X1 = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

function server() {
  return new FastMCP({ name: "test", logLevel: "silent" });
}

describe("prompts", () => {
  it("lists prompts with their arguments, descriptions and which are required", async () => {
    const mcp = server();
    mcp.prompt(
      {
        name: "plan_trip",
        title: "Plan a trip",
        description: "Plan a few days in a city.",
        args: { city: z.string().describe("Where to go"), days: z.string().optional() },
      },
      ({ city }) => `Plan a trip to ${city}.`,
    );
    await using client = await Client.connect(mcp);
    expect(await client.listPrompts()).toEqual([
      {
        name: "plan_trip",
        title: "Plan a trip",
        description: "Plan a few days in a city.",
        arguments: [
          { name: "city", description: "Where to go", required: true },
          { name: "days", required: false },
        ],
      },
    ]);
  });

  it("turns a string into one user message and keeps the description", async () => {
    const mcp = server();
    mcp.prompt({ name: "p", description: "D", args: { city: z.string() } }, ({ city }) => `Go to ${city}`);
    await using client = await Client.connect(mcp);
    expect(await client.getPrompt("p", { city: "Rome" })).toEqual({
      description: "D",
      messages: [{ role: "user", content: { type: "text", text: "Go to Rome" } }],
    });
  });

  it("returns a conversation with text, images and embedded resources", async () => {
    const mcp = server();
    mcp.prompt({ name: "review" }, () => [
      userMessage("Review this diagram:"),
      userMessage(Image.fromBytes(PNG_1X1)),
      userMessage(embeddedResource({ uri: "file:///spec.md", text: "# Spec" })),
      assistantMessage("Looking at it now."),
    ]);
    await using client = await Client.connect(mcp);
    const { messages } = await client.getPrompt("review");
    expect(messages.map((message) => [message.role, message.content.type])).toEqual([
      ["user", "text"],
      ["user", "image"],
      ["user", "resource"],
      ["assistant", "text"],
    ]);
  });

  it("rejects missing or invalid arguments and unknown prompts with -32602", async () => {
    const mcp = server();
    mcp.prompt({ name: "p", args: { city: z.string().min(2) } }, ({ city }) => city);
    await using client = await Client.connect(mcp);
    await expect(client.getPrompt("p", {})).rejects.toMatchObject({
      code: -32602,
      message: expect.stringContaining("Invalid arguments for prompt p: city:"),
    });
    await expect(client.getPrompt("p", { city: "X" })).rejects.toMatchObject({ code: -32602 });
    await expect(client.getPrompt("missing")).rejects.toMatchObject({
      code: -32602,
      message: "Unknown prompt: missing",
    });
  });

  it("completes enum arguments on their own and others through a completer", async () => {
    const mcp = server();
    mcp.prompt(
      {
        name: "p",
        args: { style: z.enum(["formal", "friendly", "funny"]), city: z.string() },
        complete: { city: (value, { arguments: given }) => [`${value}ville`, `style=${given.style ?? ""}`] },
      },
      () => "x",
    );
    await using client = await Client.connect(mcp);
    const ref = { type: "ref/prompt" as const, name: "p" };
    expect((await client.complete(ref, { name: "style", value: "f" })).completion.values).toEqual([
      "formal",
      "friendly",
      "funny",
    ]);
    expect((await client.complete(ref, { name: "style", value: "FR" })).completion.values).toEqual([
      "friendly",
    ]);
    const city = await client.complete(
      ref,
      { name: "city", value: "Spring" },
      { arguments: { style: "formal" } },
    );
    expect(city.completion.values).toEqual(["Springville", "style=formal"]);
    await expect(
      client.complete({ type: "ref/prompt", name: "none" }, { name: "a", value: "" }),
    ).rejects.toMatchObject({
      code: -32602,
    });
  });

  it("notifies prompts/list_changed when a prompt is removed", async () => {
    const mcp = server();
    const prompt = mcp.prompt({ name: "p" }, () => "x");
    await using client = await Client.connect(mcp);
    let changes = 0;
    client.on("notifications/prompts/list_changed", () => changes++);
    prompt.remove();
    expect(await client.listPrompts()).toEqual([]);
    expect(changes).toBe(1);
  });
});

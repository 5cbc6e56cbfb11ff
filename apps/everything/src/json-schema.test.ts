import { Client } from "@mcpkit/core";
import { describe, expect, it } from "vitest";
import { createEverythingServer } from "./server.js";

describe("everything: json_schema_2020_12_tool", () => {
  it("takes arguments its JSON Schema allows, $ref included", async () => {
    await using client = await Client.connect(createEverythingServer({ logLevel: "silent" }));
    const args = { name: "Ada", address: { street: "1 Main St", city: "London" } };
    expect(await client.callTool("json_schema_2020_12_tool", args)).toEqual({
      content: [{ type: "text", text: `Received: ${JSON.stringify(args)}` }],
    });
  });

  it("refuses arguments its JSON Schema forbids", async () => {
    await using client = await Client.connect(createEverythingServer({ logLevel: "silent" }));
    expect(await client.callTool("json_schema_2020_12_tool", { name: 5 })).toEqual({
      content: [
        { type: "text", text: "Invalid arguments for tool json_schema_2020_12_tool: name: must be string" },
      ],
      isError: true,
    });
    const viaRef = await client.callTool("json_schema_2020_12_tool", { address: { city: 7 } });
    expect(viaRef).toMatchObject({
      isError: true,
      content: [{ text: expect.stringContaining("address.city: must be string") }],
    });
    const extra = await client.callTool("json_schema_2020_12_tool", { name: "Ada", age: 36 });
    expect(extra).toMatchObject({ isError: true, content: [{ text: expect.stringContaining('("age")') }] });
  });
});

import { Client } from "@mcpkit/core";
import { describe, expect, it } from "vitest";
import { createEverythingServer } from "../server.js";

describe("everything: 2026-07-28 fixtures", () => {
  it("changes the tool and prompt lists when asked, so listen streams have something to send", async () => {
    await using client = await Client.connect(createEverythingServer({ logLevel: "silent" }));
    const changes: string[] = [];
    const both = new Promise<void>((resolve) => {
      const seen = (kind: string) => {
        changes.push(kind);
        if (changes.length === 2) resolve();
      };
      client.on("notifications/tools/list_changed", () => seen("tools"));
      client.on("notifications/prompts/list_changed", () => seen("prompts"));
    });
    await client.callTool("test_trigger_tool_change", {});
    await client.callTool("test_trigger_prompt_change", {});
    await both;
    expect(changes.sort()).toEqual(["prompts", "tools"]);
    expect((await client.listTools()).map((tool) => tool.name)).not.toContain("test_transient_tool");
  });

  it("marks test_headers' region and priority for Mcp-Param headers", async () => {
    await using client = await Client.connect(createEverythingServer({ logLevel: "silent" }));
    const tool = (await client.listTools()).find((candidate) => candidate.name === "test_headers");
    expect(tool?.inputSchema.properties).toMatchObject({
      region: { type: "string", "x-mcp-header": "Region" },
      priority: { type: "integer", "x-mcp-header": "Priority" },
      query: { type: "string" },
    });
    const result = await client.callTool("test_headers", { region: "eu", priority: 2, query: "q" });
    expect(result.content).toEqual([{ type: "text", text: 'Ran "q" in eu at priority 2' }]);
  });
});

import { Client, type FastMCP } from "@mcpkit/core";
import { describe, expect, it } from "vitest";

describe("the server module, served as `mcpkit run apps/sqlite/src/server.ts` serves it", () => {
  it("gets the app's defaults from its only create*Server factory, called with {}", async () => {
    // The CLI imports the file and calls its one create*Server export with {} (packages/cli/src/find-server.ts).
    const module = (await import("./server.js")) as Record<string, unknown>;
    const factories = Object.keys(module).filter((name) => /^create\w*Server$/.test(name));
    expect(factories).toEqual(["createSqliteServer"]);
    const server = (module[factories[0] as string] as (options: object) => FastMCP)({});
    await using client = await Client.connect(server);
    const result = await client.callTool("query", { sql: "SELECT count(*) AS n FROM categories" });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ columns: ["n"] });
  });
});

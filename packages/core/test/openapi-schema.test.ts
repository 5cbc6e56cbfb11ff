import { describe, expect, it } from "vitest";
import { Client, FastMCP, type OpenAPIDocument } from "../src/index.js";

/** Every request the server would send, answered with what it was. */
function recordingServer(document: OpenAPIDocument) {
  const sent: Array<{ method: string; url: string; headers: Record<string, string>; body?: string }> = [];
  const mcp = FastMCP.fromOpenAPI(document, {
    baseUrl: "https://api.example.com/v2/",
    logLevel: "silent",
    fetch: async (url, init) => {
      sent.push({
        method: init.method,
        url,
        headers: init.headers,
        ...(init.body === undefined ? {} : { body: init.body }),
      });
      return new Response("{}", { headers: { "content-type": "application/json" } });
    },
  });
  return { mcp, sent };
}

const document: OpenAPIDocument = {
  openapi: "3.0.3",
  paths: {
    "/search/{kind}": {
      post: {
        operationId: "search.items",
        parameters: [
          { name: "kind", in: "path", required: true, schema: { type: "string" } },
          { name: "limit", in: "query", schema: { type: "integer" } },
          { name: "filter", in: "query", style: "deepObject", schema: { type: "object" } },
          { name: "ids", in: "query", explode: false, schema: { type: "array", items: { type: "integer" } } },
          { name: "where", in: "query", content: { "application/json": { schema: { type: "string" } } } },
          { name: "session", in: "cookie", schema: { type: "string" } },
        ],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["limit"],
                properties: {
                  limit: { type: "integer" },
                  owner: { $ref: "https://example.com/schemas/owner.json" },
                },
              },
            },
          },
        },
        responses: {},
      },
    },
    "/batch": {
      put: {
        requestBody: {
          content: { "application/json": { schema: { type: "array", items: { type: "string" } } } },
        },
        responses: {},
      },
    },
    "/notes": {
      post: {
        operationId: "addNote",
        requestBody: {
          required: true,
          description: "The note",
          content: { "text/plain": { schema: { type: "string" } } },
        },
        responses: {},
      },
    },
  },
};

describe("OpenAPI import: schemas and requests for the less common shapes", () => {
  it("names clashing arguments by location, keeps non-object bodies whole, skips cookies", async () => {
    await using client = await Client.connect(recordingServer(document).mcp);
    const tools = Object.fromEntries((await client.listTools()).map((tool) => [tool.name, tool.inputSchema]));
    expect(Object.keys(tools).sort()).toEqual(["add_note", "put_batch", "search_items"]);
    expect(tools.search_items).toEqual({
      type: "object",
      properties: {
        kind: { type: "string" },
        limit__query: { type: "integer" },
        filter: { type: "object" },
        ids: { type: "array", items: { type: "integer" } },
        where: { type: "string" },
        limit__body: { type: "integer" },
        owner: { description: "(unresolved reference https://example.com/schemas/owner.json)" },
      },
      required: ["kind", "limit__body"],
    });
    expect(tools.put_batch).toEqual({
      type: "object",
      properties: { body: { type: "array", items: { type: "string" } } },
    });
    expect(tools.add_note).toEqual({
      type: "object",
      properties: { body: { type: "string", description: "The note" } },
      required: ["body"],
    });
  });

  it("serialises each parameter style and body kind", async () => {
    const { mcp, sent } = recordingServer(document);
    await using client = await Client.connect(mcp);
    await client.callTool("search_items", {
      kind: "a b/c",
      limit__query: 5,
      filter: { color: "red", size: 2 },
      ids: [1, 2, 3],
      limit__body: 10,
    });
    await client.callTool("put_batch", { body: ["x", "y"] });
    await client.callTool("add_note", { body: "remember the milk" });
    expect(sent).toEqual([
      {
        method: "POST",
        url: "https://api.example.com/v2/search/a%20b%2Fc?limit=5&filter%5Bcolor%5D=red&filter%5Bsize%5D=2&ids=1%2C2%2C3",
        headers: { "content-type": "application/json" },
        body: '{"limit":10}',
      },
      {
        method: "PUT",
        url: "https://api.example.com/v2/batch",
        headers: { "content-type": "application/json" },
        body: '["x","y"]',
      },
      {
        method: "POST",
        url: "https://api.example.com/v2/notes",
        headers: { "content-type": "text/plain" },
        body: "remember the milk",
      },
    ]);
  });

  it("takes the base URL from the document's servers when none is given", async () => {
    const sent: string[] = [];
    const mcp = FastMCP.fromOpenAPI(
      {
        openapi: "3.1.0",
        servers: [{ url: "https://petstore.example.com/v1" }],
        paths: { "/ping": { post: { operationId: "ping", responses: {} } } },
      },
      {
        logLevel: "silent",
        fetch: async (url) => {
          sent.push(url);
          return new Response("pong");
        },
      },
    );
    await using client = await Client.connect(mcp);
    expect((await client.callTool("ping", {})).content).toEqual([{ type: "text", text: "pong" }]);
    expect(sent).toEqual(["https://petstore.example.com/v1/ping"]);
  });
});

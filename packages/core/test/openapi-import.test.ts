import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Client, FastMCP, type OpenAPIDocument } from "../src/index.js";

/** A petstore-style document with refs, a cycle, a header, query arrays and a JSON body. */
const petstore: OpenAPIDocument = {
  openapi: "3.1.0",
  info: { title: "Petstore", version: "1.2.3" },
  servers: [{ url: "/relative-is-ignored" }],
  paths: {
    "/pets": {
      get: {
        operationId: "listPets",
        summary: "List pets",
        tags: ["pets"],
        parameters: [
          { name: "limit", in: "query", schema: { type: "integer" } },
          { name: "tag", in: "query", schema: { type: "array", items: { type: "string" } } },
        ],
        responses: { "200": { content: { "application/json": { schema: { type: "array" } } } } },
      },
      post: {
        operationId: "createPet",
        summary: "Create a pet",
        tags: ["pets"],
        parameters: [{ $ref: "#/components/parameters/RequestId" }],
        requestBody: {
          required: true,
          content: { "application/json": { schema: { $ref: "#/components/schemas/NewPet" } } },
        },
        responses: { "201": { description: "created" } },
      },
    },
    "/pets/{petId}": {
      parameters: [{ name: "petId", in: "path", required: true, schema: { type: "string" } }],
      get: {
        operationId: "getPetById",
        summary: "One pet",
        responses: {
          "200": { content: { "application/json": { schema: { $ref: "#/components/schemas/Pet" } } } },
        },
      },
      delete: { operationId: "delete-pet!", summary: "Delete a pet", tags: ["admin"], responses: {} },
    },
    "/search": {
      get: {
        summary: "Search with a required query",
        parameters: [{ name: "q", in: "query", required: true, schema: { type: "string" } }],
        responses: {},
      },
    },
    "/categories": {
      put: {
        operationId: "getPetById",
        summary: "Same operationId again, on purpose",
        requestBody: {
          content: { "application/json": { schema: { $ref: "#/components/schemas/Category" } } },
        },
        responses: {},
      },
    },
  },
  components: {
    parameters: { RequestId: { name: "X-Request-Id", in: "header", schema: { type: "string" } } },
    schemas: {
      NewPet: {
        type: "object",
        required: ["name"],
        properties: { name: { type: "string" }, tag: { type: "string", nullable: true } },
      },
      Pet: { allOf: [{ $ref: "#/components/schemas/NewPet" }, { properties: { id: { type: "integer" } } }] },
      Category: {
        type: "object",
        properties: {
          name: { type: "string" },
          children: { type: "array", items: { $ref: "#/components/schemas/Category" } },
        },
      },
    },
  },
};

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

const PNG = Buffer.from([137, 80, 78, 71]);
let upstream: Server;
let baseUrl: string;
let seen: Seen[];

beforeEach(async () => {
  seen = [];
  upstream = createServer(async (request, response) => {
    let body = "";
    for await (const chunk of request) body += chunk;
    seen.push({ method: request.method ?? "", url: request.url ?? "", headers: request.headers, body });
    route(request, response, body);
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v1`;
});

afterEach(async () => {
  upstream.closeAllConnections();
  await new Promise((resolve) => upstream.close(resolve));
});

function route(request: IncomingMessage, response: ServerResponse, body: string): void {
  const path = new URL(request.url ?? "/", "http://x").pathname;
  const json = (status: number, value: unknown) => {
    response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
  };
  if (path === "/v1/pets" && request.method === "GET") json(200, [{ id: 1, name: "Rex" }]);
  else if (path === "/v1/pets" && request.method === "POST") json(201, { id: 7, ...JSON.parse(body) });
  else if (path === "/v1/pets/1") json(200, { id: 1, name: "Rex" });
  else if (path === "/v1/slow")
    return; // never answers: only the client's time limit ends the call
  else if (path === "/v1/image") response.writeHead(200, { "content-type": "image/png" }).end(PNG);
  else json(404, { error: "no such pet" });
}

function server(options: Parameters<typeof FastMCP.fromOpenAPI>[1] = {}) {
  return FastMCP.fromOpenAPI(petstore, { baseUrl, logLevel: "silent", ...options });
}

describe("FastMCP.fromOpenAPI: what is listed", () => {
  it("turns operations into tools, resources and templates with FastMCP's default mapping", async () => {
    await using client = await Client.connect(server());
    expect(client.serverInfo).toMatchObject({ name: "Petstore", version: "1.2.3" });
    const tools = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual([
      "create_pet",
      "delete_pet",
      "get_pet_by_id_2",
      "get_search",
    ]);
    expect((await client.listResources()).map((resource) => resource.uri)).toEqual(["openapi://pets"]);
    expect((await client.listResourceTemplates()).map((template) => template.uriTemplate)).toEqual([
      "openapi://pets/{petId}",
    ]);
  });

  it("builds input schemas from parameters and the JSON body, with refs inlined and cycles cut", async () => {
    await using client = await Client.connect(server());
    const tools = await client.listTools();
    const create = tools.find((tool) => tool.name === "create_pet");
    expect(create?.inputSchema).toEqual({
      type: "object",
      properties: {
        "X-Request-Id": { type: "string" },
        name: { type: "string" },
        tag: { type: ["string", "null"] },
      },
      required: ["name"],
    });
    expect(create?.description).toContain("Create a pet");
    expect(create?.annotations).toMatchObject({ readOnlyHint: false, openWorldHint: true });
    // The duplicate operationId gets a suffix; the recursive Category stops at the cycle.
    const put = tools.find((tool) => tool.name === "get_pet_by_id_2");
    const properties = put?.inputSchema.properties as Record<string, { items: unknown }> | undefined;
    const children = properties?.children;
    expect(children?.items).toEqual({ description: "(recursive: see #/components/schemas/Category)" });
    expect(tools.find((tool) => tool.name === "delete_pet")?.annotations?.destructiveHint).toBe(true);
  });

  it("filters operations with include/exclude and remaps them with routeMap", async () => {
    await using client = await Client.connect(
      server({
        exclude: [{ tags: ["admin"] }, { path: /^\/categories/ }],
        routeMap: [{ methods: ["GET"], type: "tool" }],
        namePrefix: "pets_",
      }),
    );
    const names = (await client.listTools()).map((tool) => tool.name).sort();
    expect(names).toEqual(["pets_create_pet", "pets_get_pet_by_id", "pets_get_search", "pets_list_pets"]);
    expect(await client.listResources()).toEqual([]);
    await using only = await Client.connect(server({ include: [{ operationId: "listPets" }] }));
    expect(await only.listTools()).toEqual([]);
    expect((await only.listResources()).map((resource) => resource.name)).toEqual(["list_pets"]);
  });
});

describe("FastMCP.fromOpenAPI: calls", () => {
  it("sends the JSON body and headers, and returns JSON as structured content", async () => {
    await using client = await Client.connect(
      server({ headers: { "X-Request-Id": "fixed", "user-agent": "t" } }),
    );
    const result = await client.callTool("create_pet", {
      name: "Tom",
      tag: "cat",
      "X-Request-Id": "from-model",
    });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ id: 7, name: "Tom", tag: "cat" });
    expect(seen[0]).toMatchObject({ method: "POST", url: "/v1/pets" });
    expect(JSON.parse(seen[0]?.body ?? "")).toEqual({ name: "Tom", tag: "cat" });
    expect(seen[0]?.headers["x-request-id"]).toBe("fixed");
    expect(seen[0]?.headers["content-type"]).toBe("application/json");
  });

  it("builds query strings, arrays repeated", async () => {
    await using client = await Client.connect(
      server({ routeMap: [{ operationId: "listPets", type: "tool" }] }),
    );
    const result = await client.callTool("list_pets", { limit: 2, tag: ["a b", "c&d"] });
    expect(result.structuredContent).toEqual({ result: [{ id: 1, name: "Rex" }] });
    expect(seen[0]?.url).toBe("/v1/pets?limit=2&tag=a+b&tag=c%26d");
  });

  it("encodes path parameters so they cannot leave their segment", async () => {
    await using client = await Client.connect(
      server({ routeMap: [{ path: "/pets/{petId}", type: "tool" }] }),
    );
    await client.callTool("get_pet_by_id", { petId: "../admin?x=1" });
    expect(seen[0]?.url).toBe("/v1/pets/..%2Fadmin%3Fx%3D1");
    const dots = await client.callTool("get_pet_by_id", { petId: ".." });
    expect(dots).toMatchObject({
      isError: true,
      content: [{ text: 'Invalid path parameter "petId": ".."' }],
    });
    expect(seen).toHaveLength(1);
  });

  it("reports 4xx as isError with the status and body, and missing arguments by name", async () => {
    await using client = await Client.connect(server());
    const failed = await client.callTool("delete_pet", { petId: "42" });
    expect(failed.isError).toBe(true);
    expect(failed.content[0]).toEqual({ type: "text", text: 'HTTP 404 Not Found: {"error":"no such pet"}' });
    const missing = await client.callTool("create_pet", {});
    expect(missing.isError).toBe(true);
    expect(missing.content[0]).toMatchObject({ text: expect.stringContaining("name") });
  });

  it("reads resources and templates; a 404 is resource-not-found", async () => {
    await using client = await Client.connect(server());
    const list = await client.readResource("openapi://pets");
    expect(list.contents[0]).toMatchObject({ mimeType: "application/json", text: '[{"id":1,"name":"Rex"}]' });
    const one = await client.readResource("openapi://pets/1");
    expect(JSON.parse((one.contents[0] as { text: string }).text)).toEqual({ id: 1, name: "Rex" });
    await expect(client.readResource("openapi://pets/2")).rejects.toMatchObject({ code: -32002 });
  });

  it("times out slow upstreams with a clear error", async () => {
    const slow: OpenAPIDocument = {
      openapi: "3.0.3",
      paths: { "/slow": { post: { operationId: "slow", responses: {} } } },
    };
    await using client = await Client.connect(
      FastMCP.fromOpenAPI(slow, { baseUrl, timeoutMs: 200, logLevel: "silent" }),
    );
    const result = await client.callTool("slow", {});
    expect(result).toMatchObject({ isError: true, content: [{ text: "POST /slow timed out after 200 ms" }] });
  });

  it("returns binary bodies as embedded resources", async () => {
    const image: OpenAPIDocument = {
      openapi: "3.0.3",
      paths: { "/image": { post: { operationId: "image", responses: {} } } },
    };
    await using client = await Client.connect(FastMCP.fromOpenAPI(image, { baseUrl, logLevel: "silent" }));
    const result = await client.callTool("image", {});
    expect(result.content[0]).toEqual({
      type: "resource",
      resource: {
        uri: `${baseUrl}/image`,
        mimeType: "image/png",
        blob: PNG.toString("base64"),
      },
    });
  });

  it("sends every request through an injected fetch", async () => {
    const calls: string[] = [];
    const mcp = server({
      fetch: async (url, init) => {
        calls.push(`${init.method} ${url}`);
        return new Response(JSON.stringify({ via: "injected" }), {
          headers: { "content-type": "application/json" },
        });
      },
    });
    await using client = await Client.connect(mcp);
    const result = await client.callTool("create_pet", { name: "Tom" });
    expect(result.structuredContent).toEqual({ via: "injected" });
    expect(calls).toEqual([`POST ${baseUrl}/pets`]);
    expect(seen).toEqual([]);
  });

  it("needs a base URL when the document has no absolute server", () => {
    expect(() => FastMCP.fromOpenAPI(petstore)).toThrow(/needs a baseUrl/);
    expect(() => FastMCP.fromOpenAPI({ openapi: "3.1.0" } as OpenAPIDocument, { baseUrl })).toThrow(
      /no `paths`/,
    );
  });
});

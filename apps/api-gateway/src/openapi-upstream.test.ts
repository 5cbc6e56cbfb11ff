import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@mcpkit/core";
import { describe, expect, it } from "vitest";
import { demoEntry, resultText, SECRET, useDemoUpstream } from "./test-support.js";

const demo = useDemoUpstream();

/** The example petstore document, as examples/gateway.yaml uses it. */
function petstore(overrides: Record<string, unknown> = {}) {
  return demo.gateway([
    demoEntry(demo.upstream(), {
      openapi: { file: "./petstore.openapi.yaml", exclude: [{ tags: ["admin"] }] },
      ...overrides,
    }),
  ]).server;
}

describe("an upstream with an OpenAPI document", () => {
  it("gets its operations as prefixed tools, resources and templates", async () => {
    await using client = await Client.connect(petstore());
    const tools = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual([
      "call_api",
      "demo_create_pet",
      "fetch_data",
      "list_upstreams",
    ]);
    expect(tools.find((tool) => tool.name === "demo_create_pet")?.inputSchema).toEqual({
      type: "object",
      properties: {
        name: { type: "string", description: "The pet's name" },
        tag: { type: ["string", "null"], description: "A tag such as dog or cat" },
      },
      required: ["name"],
    });
    expect((await client.listResources()).map((resource) => resource.uri)).toEqual(["api://demo/pets"]);
    expect((await client.listResourceTemplates()).map((template) => template.uriTemplate)).toEqual([
      "api://demo/pets/{petId}",
    ]);
    const listed = await client.callTool("list_upstreams");
    expect(listed.structuredContent).toMatchObject({
      upstreams: [
        {
          operations: [
            "tool demo_create_pet",
            "resource api://demo/pets",
            "resource api://demo/pets/{petId}",
          ],
        },
      ],
    });
  });

  it("calls operations through the gateway's client", async () => {
    await using client = await Client.connect(petstore());
    const created = await client.callTool("demo_create_pet", { name: "Kit", tag: "cat" });
    expect(created.structuredContent).toEqual({ id: 3, name: "Kit", tag: "cat" });
    const list = await client.readResource("api://demo/pets");
    expect(JSON.parse((list.contents[0] as { text: string }).text)).toHaveLength(3);
    const one = await client.readResource("api://demo/pets/1");
    expect(one.contents[0]).toMatchObject({
      mimeType: "application/json",
      text: '{"id":1,"name":"Rex","tag":"dog"}',
    });
    await expect(client.readResource("api://demo/pets/99")).rejects.toMatchObject({ code: -32002 });
    const missing = await client.callTool("demo_create_pet", {});
    expect(missing.isError).toBe(true);
  });

  it("leaves out operations whose method the upstream does not allow", async () => {
    await using client = await Client.connect(
      petstore({ allowedMethods: ["GET"], openapi: "./petstore.openapi.yaml" }),
    );
    expect((await client.listTools()).map((tool) => tool.name)).not.toContain("demo_create_pet");
    expect((await client.listTools()).map((tool) => tool.name)).not.toContain("demo_delete_pet");
  });

  it("applies the same path rules to parameters: no escaping through an encoded ..", async () => {
    await using client = await Client.connect(
      petstore({
        openapi: { file: "./petstore.openapi.yaml", routeMap: [{ operationId: "getPet", type: "tool" }] },
      }),
    );
    // petId is an integer in the document: the tool's input schema refuses the string before
    // any path is built; the resource template below reaches the path rule itself.
    const escaped = await client.callTool("demo_get_pet", { petId: "../../admin" });
    expect(escaped).toMatchObject({
      isError: true,
      content: [{ text: expect.stringContaining("petId: must be integer") }],
    });
    await using resources = await Client.connect(petstore());
    await expect(resources.readResource("api://demo/pets/%2E%2E")).rejects.toMatchObject({
      code: -32602,
      message: 'Invalid path parameter "petId": ".."',
    });
    expect(demo.upstream().hits("/admin")).toBe(0);
  });

  it("applies the SSRF policy and auth to generated tools too", async () => {
    const dir = await mkdtemp(join(tmpdir(), "gateway-openapi-"));
    try {
      const document = {
        openapi: "3.1.0",
        info: { title: "Echo", version: "1" },
        paths: {
          "/echo": {
            post: {
              operationId: "echo",
              parameters: [
                { name: "X-Trace", in: "header", schema: { type: "string" } },
                { name: "Authorization", in: "header", schema: { type: "string" } },
              ],
              responses: {},
            },
          },
        },
      };
      await writeFile(join(dir, "echo.json"), JSON.stringify(document));
      const port = new URL(demo.upstream().origin).port;
      const { server, logs } = demo.gateway([
        demoEntry(demo.upstream(), { openapi: join(dir, "echo.json") }),
        demoEntry(demo.upstream(), {
          name: "far",
          baseUrl: `http://localhost:${port}/api/`,
          allowPrivateNetwork: false,
          openapi: join(dir, "echo.json"),
        }),
      ]);
      await using client = await Client.connect(server);
      const echoed = await client.callTool("demo_echo", {
        "X-Trace": "t-1",
        Authorization: "Bearer model-chosen",
      });
      const seen = echoed.structuredContent as { headers: Record<string, string> };
      expect(seen.headers["x-trace"]).toBe("t-1");
      expect(seen.headers.authorization).toBe("Bearer [REDACTED]");
      const blocked = await client.callTool("far_echo", {});
      expect(blocked.isError).toBe(true);
      expect(resultText(blocked)).toMatch(
        /^Upstream far refused: localhost resolves to .*, a loopback address/,
      );
      expect(JSON.stringify(echoed) + logs.join("")).not.toContain(SECRET);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

import { describe, expect, it } from "vitest";
import { z } from "zod";
import { FastMCP } from "../src/index.js";
import { readMessages, serve } from "./http-fixture.js";
import { modern, postModern } from "./modern-fixture.js";

function createHeaderServer(): FastMCP {
  const mcp = new FastMCP({ name: "headers", logLevel: "silent" });
  mcp.tool(
    {
      name: "run_query",
      input: {
        region: z.string().meta({ "x-mcp-header": "Region" }),
        priority: z.number().int().optional().meta({ "x-mcp-header": "Priority" }),
        query: z.string(),
      },
    },
    ({ region, query }) => `${query} in ${region}`,
  );
  mcp.resource("memo://héllo wörld", {}, () => "hi");
  return mcp;
}

const call = (args: Record<string, unknown>, name = "run_query") =>
  modern(1, "tools/call", { name, arguments: args });

async function refusal(response: Response) {
  expect(response.status).toBe(400);
  const body = (await response.json()) as { id: unknown; error: { code: number; message: string } };
  expect(body).toMatchObject({ id: 1, error: { code: -32020 } });
  return body.error.message;
}

describe("2026-07-28 mirrored headers", () => {
  it("requires Mcp-Method and Mcp-Name to match the body", async () => {
    await using server = await serve(createHeaderServer());
    const args = { region: "eu", query: "q" };
    expect(await refusal(await postModern(server.url, call(args), { "Mcp-Method": "tools/list" }))).toContain(
      "Mcp-Method",
    );
    expect(
      await refusal(
        await postModern(server.url, call(args), { "Mcp-Name": "other", "Mcp-Param-Region": "eu" }),
      ),
    ).toContain("Mcp-Name");
    const withoutName = await postModern(server.url, modern(1, "resources/read", { uri: "memo://x" }), {
      "Mcp-Name": "",
    });
    expect(withoutName.status).toBe(400);
  });

  it("decodes a Base64 Mcp-Name and rejects malformed Base64", async () => {
    await using server = await serve(createHeaderServer());
    const read = modern(1, "resources/read", { uri: "memo://héllo wörld" });
    const encoded = `=?base64?${Buffer.from("memo://héllo wörld").toString("base64")}?=`;
    const ok = await postModern(server.url, read, { "Mcp-Name": encoded });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ result: { contents: [{ text: "hi" }] } });
    expect(await refusal(await postModern(server.url, read, { "Mcp-Name": "=?base64?aGk?=" }))).toContain(
      "Base64",
    );
  });

  it("validates Mcp-Param headers against the arguments the tool marks with x-mcp-header", async () => {
    await using server = await serve(createHeaderServer());
    const ok = await postModern(server.url, call({ region: "eu", priority: 3, query: "q" }), {
      "Mcp-Param-Region": "eu",
      "Mcp-Param-Priority": "3",
    });
    expect(await readMessages(ok)).toMatchObject([{ result: { content: [{ text: "q in eu" }] } }]);
    const b64 = `=?base64?${Buffer.from("eu").toString("base64")}?=`;
    const decoded = await postModern(server.url, call({ region: "eu", query: "q" }), {
      "Mcp-Param-Region": b64,
    });
    expect(decoded.status).toBe(200);
    await decoded.text();

    expect(await refusal(await postModern(server.url, call({ region: "eu", query: "q" })))).toContain(
      "Mcp-Param-region",
    );
    expect(
      await refusal(
        await postModern(server.url, call({ region: "eu", query: "q" }), { "Mcp-Param-Region": "us" }),
      ),
    ).toContain("does not match");
    expect(
      await refusal(
        await postModern(server.url, call({ region: "eu", priority: 3, query: "q" }), {
          "Mcp-Param-Region": "eu",
          "Mcp-Param-Priority": "4",
        }),
      ),
    ).toContain("Priority".toLowerCase());
  });
});

import { Client, type ElicitRequest } from "@mcpkit/core";
import { describe, expect, it } from "vitest";
import { CALL_COUNTS_RESOURCE } from "./call-counts.js";
import { createEverythingServer } from "./server.js";

const connect = (options: Parameters<typeof Client.connect>[1] = {}) =>
  Client.connect(createEverythingServer({ logLevel: "silent" }), options);

describe("everything: tools", () => {
  it("lists every conformance tool, each with a description and input schema", async () => {
    await using client = await connect();
    const tools = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(
      [
        "json_schema_2020_12_tool",
        "test_audio_content",
        "test_elicitation",
        "test_elicitation_sep1034_defaults",
        "test_elicitation_sep1330_enums",
        "test_embedded_resource",
        "test_error_handling",
        "test_headers",
        "test_image_content",
        "test_input_required_result_capabilities",
        "test_input_required_result_elicitation",
        "test_input_required_result_list_roots",
        "test_input_required_result_multi_round",
        "test_input_required_result_multiple_inputs",
        "test_input_required_result_request_state",
        "test_input_required_result_sampling",
        "test_input_required_result_tampered_state",
        "test_logging_tool",
        "test_missing_capability",
        "test_multiple_content_types",
        "test_reconnection",
        "test_sampling",
        "test_session_counter",
        "test_simple_text",
        "test_streaming_elicitation",
        "test_tool_with_logging",
        "test_tool_with_progress",
        "test_unlock_admin",
        "test_trigger_prompt_change",
        "test_trigger_tool_change",
        "update_watched_resource",
      ].sort(),
    );
    for (const tool of tools) {
      expect(tool.description, tool.name).toBeTruthy();
      expect(tool.inputSchema.type, tool.name).toBe("object");
    }
    const schema = tools.find((tool) => tool.name === "json_schema_2020_12_tool")?.inputSchema;
    expect(schema).toMatchObject({
      $schema: "https://json-schema.org/draft/2020-12/schema",
      $defs: { address: { type: "object" } },
      additionalProperties: false,
    });
  });

  it("returns each kind of content", async () => {
    await using client = await connect();
    expect((await client.callTool("test_simple_text")).content).toEqual([
      { type: "text", text: "This is a simple text response for testing." },
    ]);
    const [image] = (await client.callTool("test_image_content")).content;
    expect(image).toMatchObject({ type: "image", mimeType: "image/png" });
    expect(
      Buffer.from((image as { data: string }).data, "base64")
        .subarray(1, 4)
        .toString(),
    ).toBe("PNG");
    const [audio] = (await client.callTool("test_audio_content")).content;
    expect(audio).toMatchObject({ type: "audio", mimeType: "audio/wav" });
    expect(
      Buffer.from((audio as { data: string }).data, "base64")
        .subarray(0, 4)
        .toString(),
    ).toBe("RIFF");
    expect((await client.callTool("test_embedded_resource")).content).toEqual([
      {
        type: "resource",
        resource: {
          uri: "test://embedded-resource",
          mimeType: "text/plain",
          text: "This is an embedded resource content.",
        },
      },
    ]);
    const mixed = (await client.callTool("test_multiple_content_types")).content;
    expect(mixed.map((block) => block.type)).toEqual(["text", "image", "resource"]);
    expect(mixed[2]).toMatchObject({
      resource: { uri: "test://mixed-content-resource", text: '{"test":"data","value":123}' },
    });
  });

  it("reports a tool error as isError with its message", async () => {
    await using client = await connect();
    const result = await client.callTool("test_error_handling");
    expect(result.isError).toBe(true);
    expect(result.content).toEqual([
      { type: "text", text: "This tool intentionally returns an error for testing" },
    ]);
  });

  it("sends three log messages and three increasing progress notifications", async () => {
    const logs: unknown[] = [];
    await using client = await connect({ onLog: (message) => logs.push(message.data) });
    await client.callTool("test_tool_with_logging");
    expect(logs).toEqual(["Tool execution started", "Tool processing data", "Tool execution completed"]);
    const progress: Array<[number, number | undefined]> = [];
    await client.callTool(
      "test_tool_with_progress",
      {},
      { onProgress: (p) => progress.push([p.progress, p.total]) },
    );
    expect(progress).toEqual([
      [0, 100],
      [50, 100],
      [100, 100],
    ]);
  });

  it("asks the client's model (sampling) and says so when the client cannot", async () => {
    await using client = await connect({
      onSampling: (request) => {
        expect(request.maxTokens).toBe(100);
        expect(request.messages[0]?.content).toEqual({ type: "text", text: "Say hi" });
        return { role: "assistant", content: { type: "text", text: "hi!" }, model: "test-model" };
      },
    });
    expect((await client.callTool("test_sampling", { prompt: "Say hi" })).content).toEqual([
      { type: "text", text: "LLM response: hi!" },
    ]);
    await using plain = await connect();
    const refused = await plain.callTool("test_sampling", { prompt: "Say hi" });
    expect(refused.isError).toBe(true);
    expect(refused.content[0]).toMatchObject({ text: expect.stringContaining("does not support sampling") });
  });

  it("elicits a username and email", async () => {
    const requests: ElicitRequest[] = [];
    await using client = await connect({
      onElicitation: (request) => {
        requests.push(request);
        return { action: "accept", content: { username: "ada", email: "ada@example.com" } };
      },
    });
    const result = await client.callTool("test_elicitation", { message: "Who are you?" });
    expect(result.content).toEqual([
      {
        type: "text",
        text: 'User response: action=accept, content={"username":"ada","email":"ada@example.com"}',
      },
    ]);
    expect(requests[0]).toMatchObject({
      message: "Who are you?",
      requestedSchema: {
        type: "object",
        properties: { username: { type: "string" }, email: { type: "string" } },
        required: ["username", "email"],
      },
    });
  });

  it("elicits a form with defaults for every primitive type (SEP-1034)", async () => {
    let schema: Record<string, Record<string, unknown>> = {};
    await using client = await connect({
      onElicitation: (request) => {
        schema = request.requestedSchema.properties as typeof schema;
        return { action: "decline" };
      },
    });
    const result = await client.callTool("test_elicitation_sep1034_defaults");
    expect(result.content).toEqual([
      { type: "text", text: "Elicitation completed: action=decline, content={}" },
    ]);
    expect(schema.name).toMatchObject({ type: "string", default: "John Doe" });
    expect(schema.age).toMatchObject({ type: "integer", default: 30 });
    expect(schema.score).toMatchObject({ type: "number", default: 95.5 });
    expect(schema.status).toMatchObject({
      type: "string",
      enum: ["active", "inactive", "pending"],
      default: "active",
    });
    expect(schema.verified).toMatchObject({ type: "boolean", default: true });
  });

  it("elicits every enum variant (SEP-1330) and checks the answer against them", async () => {
    let schema: Record<string, Record<string, unknown>> = {};
    let answer: Record<string, unknown> = {
      untitledSingle: "option1",
      titledSingle: "value2",
      legacyEnum: "opt3",
      untitledMulti: ["option1", "option3"],
      titledMulti: ["value1"],
    };
    await using client = await connect({
      onElicitation: (request) => {
        schema = request.requestedSchema.properties as typeof schema;
        return { action: "accept", content: answer as Record<string, string> };
      },
    });
    const result = await client.callTool("test_elicitation_sep1330_enums");
    expect(result.isError).toBeFalsy();
    expect(schema.untitledSingle).toEqual({
      type: "string",
      enum: ["option1", "option2", "option3"],
      description: "Untitled single-select",
    });
    expect(schema.titledSingle).toMatchObject({ type: "string" });
    expect(schema.titledSingle?.oneOf).toEqual([
      { type: "string", const: "value1", title: "First Option" },
      { type: "string", const: "value2", title: "Second Option" },
      { type: "string", const: "value3", title: "Third Option" },
    ]);
    expect(schema.legacyEnum).toMatchObject({
      enum: ["opt1", "opt2", "opt3"],
      enumNames: ["Option One", "Option Two", "Option Three"],
    });
    expect(schema.untitledMulti).toMatchObject({
      type: "array",
      items: { type: "string", enum: ["option1", "option2", "option3"] },
    });
    expect(schema.titledMulti).toMatchObject({ type: "array", items: { anyOf: expect.any(Array) } });

    answer = { ...answer, titledSingle: "not-an-option" };
    const refused = await client.callTool("test_elicitation_sep1330_enums");
    expect(refused.isError).toBe(true);
    expect(refused.content[0]).toMatchObject({ text: expect.stringContaining("titledSingle") });
  });
});

describe("everything: session state and visibility", () => {
  it("counts calls per session with ctx.state", async () => {
    await using first = await connect();
    await using second = await connect();
    const count = async (client: Client) => (await client.callTool("test_session_counter")).structuredContent;
    expect(await count(first)).toEqual({ count: 1 });
    expect(await count(first)).toEqual({ count: 2 });
    expect(await count(second)).toEqual({ count: 1 });
  });

  it("shows the hidden admin tool to the session that unlocks it, with list_changed, and to no other", async () => {
    const mcp = createEverythingServer({ logLevel: "silent" });
    await using admin = await Client.connect(mcp);
    await using other = await Client.connect(mcp);
    let changed = 0;
    admin.on("notifications/tools/list_changed", () => changed++);
    await expect(admin.callTool("test_admin_echo", { text: "x" })).rejects.toThrow(
      "Unknown tool: test_admin_echo",
    );
    await admin.callTool("test_unlock_admin");
    expect(changed).toBe(1);
    const tool = (await admin.listTools()).find((listed) => listed.name === "test_admin_echo");
    expect(tool?._meta).toEqual({ "mcpkit/tags": ["admin"] });
    expect((await admin.callTool("test_admin_echo", { text: "hi" })).content).toEqual([
      { type: "text", text: "hi" },
    ]);
    expect((await other.listTools()).map((listed) => listed.name)).not.toContain("test_admin_echo");
  });
});

describe("everything: resources", () => {
  it("lists and reads the static resources and the template", async () => {
    await using client = await connect();
    const listed = await client.listResources();
    expect(listed.map((resource) => resource.uri).sort()).toEqual([
      "test://call-counts",
      "test://static-binary",
      "test://static-text",
      "test://watched-resource",
    ]);
    for (const resource of listed) expect(resource.name).toBeTruthy();
    expect((await client.readResource("test://static-text")).contents).toEqual([
      {
        uri: "test://static-text",
        mimeType: "text/plain",
        text: "This is the content of the static text resource.",
      },
    ]);
    const [binary] = (await client.readResource("test://static-binary")).contents;
    expect(binary).toMatchObject({
      uri: "test://static-binary",
      mimeType: "image/png",
      blob: expect.any(String),
    });
    const templates = await client.listResourceTemplates();
    expect(templates.map((template) => template.uriTemplate)).toEqual(["test://template/{id}/data"]);
    const [data] = (await client.readResource("test://template/123/data")).contents;
    expect(JSON.parse((data as { text: string }).text)).toEqual({
      id: "123",
      templateTest: true,
      data: "Data for ID: 123",
    });
    await expect(client.readResource("test://nothing-here")).rejects.toMatchObject({ code: -32002 });
  });

  it("notifies subscribers of the watched resource, and stops after unsubscribe", async () => {
    await using client = await connect();
    const updates: unknown[] = [];
    client.on("notifications/resources/updated", (params) => updates.push(params.uri));
    await client.subscribe("test://watched-resource");
    expect((await client.callTool("update_watched_resource", { times: 2 })).content).toEqual([
      { type: "text", text: "test://watched-resource is now at revision 2" },
    ]);
    expect(updates).toEqual(["test://watched-resource", "test://watched-resource"]);
    expect((await client.readResource("test://watched-resource")).contents[0]).toMatchObject({
      text: "Watched resource content, revision 2.",
    });
    await client.unsubscribe("test://watched-resource");
    await client.callTool("update_watched_resource");
    expect(updates).toHaveLength(2);
    const tooMany = await client.callTool("update_watched_resource", { times: 1000 });
    expect(tooMany.isError).toBe(true);
  });
});

describe("everything: prompts and completion", () => {
  it("serves the four prompts", async () => {
    await using client = await connect();
    const prompts = await client.listPrompts();
    expect(prompts.map((prompt) => prompt.name).sort()).toEqual([
      "test_input_required_result_prompt",
      "test_prompt_with_arguments",
      "test_prompt_with_embedded_resource",
      "test_prompt_with_image",
      "test_simple_prompt",
    ]);
    for (const prompt of prompts) expect(prompt.description).toBeTruthy();
    expect((await client.getPrompt("test_simple_prompt")).messages).toEqual([
      { role: "user", content: { type: "text", text: "This is a simple prompt for testing." } },
    ]);
    expect(
      (await client.getPrompt("test_prompt_with_arguments", { arg1: "hello", arg2: "world" })).messages,
    ).toEqual([
      { role: "user", content: { type: "text", text: "Prompt with arguments: arg1='hello', arg2='world'" } },
    ]);
    const embedded = await client.getPrompt("test_prompt_with_embedded_resource", {
      resourceUri: "test://example",
    });
    expect(embedded.messages[0]?.content).toMatchObject({
      type: "resource",
      resource: { uri: "test://example" },
    });
    const image = await client.getPrompt("test_prompt_with_image");
    expect(image.messages[0]?.content).toMatchObject({ type: "image", mimeType: "image/png" });
    await expect(client.getPrompt("test_prompt_with_arguments", { arg1: "only one" })).rejects.toMatchObject({
      code: -32602,
    });
  });

  it("completes prompt arguments and template variables", async () => {
    await using client = await connect();
    const words = await client.complete(
      { type: "ref/prompt", name: "test_prompt_with_arguments" },
      { name: "arg1", value: "par" },
    );
    expect(words.completion.values).toEqual(["paris", "park", "party"]);
    const ids = await client.complete(
      { type: "ref/resource", uri: "test://template/{id}/data" },
      { name: "id", value: "4" },
    );
    expect(ids.completion.values).toEqual(["456"]);
  });
});

describe("everything: middleware and pagination", () => {
  it("counts tool calls in a middleware, served as a resource", async () => {
    await using client = await connect();
    await client.callTool("test_simple_text");
    await client.callTool("test_simple_text");
    await client.callTool("test_error_handling");
    const [counts] = (await client.readResource(CALL_COUNTS_RESOURCE)).contents;
    expect(JSON.parse((counts as { text: string }).text)).toEqual({
      test_simple_text: 2,
      test_error_handling: 1,
    });
  });

  it("pages its lists, and the Client follows the cursors", async () => {
    await using client = await Client.connect(createEverythingServer({ logLevel: "silent", pageSize: 2 }));
    const first = await client.request("tools/list");
    expect(first.tools).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    await using unpaged = await connect();
    expect((await client.listTools()).map((tool) => tool.name)).toEqual(
      (await unpaged.listTools()).map((tool) => tool.name),
    );
  });
});

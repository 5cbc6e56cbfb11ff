import { expect, it } from "vitest";
import { Client } from "../src/index.js";
import { createFixtureServer, serve } from "./http-fixture.js";

it("smoke", async () => {
  const mcp = createFixtureServer();
  await using server = await serve(mcp);
  const logs: unknown[] = [];
  const progress: unknown[] = [];
  await using client = await Client.connect(server.url, {
    onLog: (m) => logs.push(m),
    onSampling: () => ({ role: "assistant", content: { type: "text", text: "hi" }, model: "m" }),
  });
  expect((await client.callTool("echo", { text: "x" })).content).toEqual([{ type: "text", text: "x" }]);
  expect(
    (await client.callTool("progress", { steps: 3 }, { onProgress: (p) => progress.push(p) })).content,
  ).toEqual([{ type: "text", text: "done 3" }]);
  expect(logs.length).toBe(3);
  expect(progress.length).toBe(3);
  expect((await client.callTool("ask_model", { prompt: "q" })).content).toEqual([
    { type: "text", text: "model said: hi" },
  ]);
  expect(mcp.sessionCount).toBe(1);
  await client.close();
  expect(mcp.sessionCount).toBe(0);
});

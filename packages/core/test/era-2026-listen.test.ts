import { describe, expect, it } from "vitest";
import { type BusEvent, Client, type EventBus, FastMCP, MemoryEventBus } from "../src/index.js";
import { serve } from "./http-fixture.js";
import { modern, postModern } from "./modern-fixture.js";
import { rawStdio } from "./raw-stdio.js";

const SUBSCRIPTION = "io.modelcontextprotocol/subscriptionId";

/** A bus that remembers what was published, so a test can see the events go through it. */
class RecordingBus extends MemoryEventBus implements EventBus {
  readonly published: BusEvent[] = [];
  override async publish(event: BusEvent): Promise<void> {
    this.published.push(event);
    await super.publish(event);
  }
}

function createListenServer(options: { eventBus?: EventBus; maxListenStreams?: number } = {}) {
  const mcp = new FastMCP({ name: "listen", logLevel: "silent", ...options });
  mcp.tool({ name: "noop" }, () => "ok");
  mcp.resource("memo://watched", {}, () => "watched");
  return mcp;
}

describe("subscriptions/listen over stdio", () => {
  it("acknowledges first, sends only what was asked, tags it, and ends on cancel", async () => {
    const mcp = createListenServer();
    await using stdio = await rawStdio(mcp);
    stdio.send(
      modern("L1", "subscriptions/listen", {
        notifications: { toolsListChanged: true, resourceSubscriptions: ["memo://watched"], bogus: true },
      }),
    );
    const ack = await stdio.next((message) => message.method === "notifications/subscriptions/acknowledged");
    expect(ack.params).toEqual({
      _meta: { [SUBSCRIPTION]: "L1" },
      notifications: { toolsListChanged: true, resourceSubscriptions: ["memo://watched"] },
    });

    mcp.prompt({ name: "ignored" }, () => "not asked for");
    mcp.tool({ name: "added" }, () => "new");
    await mcp.notifyResourceUpdated("memo://other");
    await mcp.notifyResourceUpdated("memo://watched");
    const updated = await stdio.next((message) => message.method === "notifications/resources/updated");
    expect(updated.params).toEqual({ _meta: { [SUBSCRIPTION]: "L1" }, uri: "memo://watched" });
    const methods = stdio.received.map((message) => message.method).filter(Boolean);
    expect(methods).toEqual([
      "notifications/subscriptions/acknowledged",
      "notifications/tools/list_changed",
      "notifications/resources/updated",
    ]);
    expect(stdio.received[1]?.params).toEqual({ _meta: { [SUBSCRIPTION]: "L1" } });

    stdio.send({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: "L1" } });
    // A request after the cancel is answered, and the cancelled listen never is.
    await stdio.request(modern(2, "tools/list"));
    expect(stdio.received.some((message) => message.id === "L1")).toBe(false);
  });

  it("answers the listen request when the server shuts down (graceful close)", async () => {
    const mcp = createListenServer();
    const stdio = await rawStdio(mcp);
    stdio.send(modern(7, "subscriptions/listen", { notifications: { promptsListChanged: true } }));
    await stdio.next((message) => message.method === "notifications/subscriptions/acknowledged");
    await mcp.close();
    const answer = await stdio.next((message) => message.id === 7);
    expect(answer.result).toMatchObject({ resultType: "complete", _meta: { [SUBSCRIPTION]: 7 } });
  });

  it("refuses a listen past maxListenStreams with a clear error, and a malformed filter", async () => {
    await using stdio = await rawStdio(createListenServer({ maxListenStreams: 1 }));
    stdio.send(modern(1, "subscriptions/listen", { notifications: { toolsListChanged: true } }));
    await stdio.next((message) => message.method === "notifications/subscriptions/acknowledged");
    const refused = await stdio.request(modern(2, "subscriptions/listen", { notifications: {} }));
    expect(refused.error).toMatchObject({ code: -32600 });
    expect((refused.error as { message: string }).message).toContain("limit is 1");
    const malformed = await stdio.request(
      modern(3, "subscriptions/listen", { notifications: { resourceSubscriptions: "memo://watched" } }),
    );
    expect(malformed.error).toMatchObject({ code: -32602 });
  });
});

describe("subscriptions/listen over Streamable HTTP", () => {
  it("streams the acknowledgement and the changes on the POST's SSE response", async () => {
    const mcp = createListenServer();
    await using server = await serve(mcp);
    const response = await postModern(
      server.url,
      modern(1, "subscriptions/listen", { notifications: { toolsListChanged: true } }),
    );
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = "";
    const nextData = async (): Promise<Record<string, unknown>> => {
      for (;;) {
        const line = text.split("\n").find((candidate) => candidate.startsWith("data: "));
        if (line) {
          text = text.slice(text.indexOf(line) + line.length + 1);
          return JSON.parse(line.slice("data: ".length)) as Record<string, unknown>;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error("the stream ended");
        text += decoder.decode(value, { stream: true });
      }
    };
    expect(await nextData()).toMatchObject({ method: "notifications/subscriptions/acknowledged" });
    mcp.tool({ name: "added" }, () => "new");
    expect(await nextData()).toEqual({
      jsonrpc: "2.0",
      method: "notifications/tools/list_changed",
      params: { _meta: { [SUBSCRIPTION]: 1 } },
    });
    await reader.cancel();
  });

  it("refuses a listen from a client that accepts only JSON, since the stream could never reach it", async () => {
    await using server = await serve(createListenServer());
    const response = await postModern(server.url, modern(1, "subscriptions/listen", {}), {
      Accept: "application/json",
    });
    expect(response.status).toBe(406);
    await response.text();
  });
});

describe("the event bus", () => {
  it("carries 2025 list changes and resource updates to sessions, through the configured bus", async () => {
    const bus = new RecordingBus();
    const mcp = createListenServer({ eventBus: bus });
    await using client = await Client.connect(mcp);
    const changed = new Promise<void>((resolve) => {
      client.on("notifications/tools/list_changed", () => resolve());
    });
    mcp.tool({ name: "added" }, () => "new");
    await changed;
    expect(bus.published).toContainEqual({ kind: "listChanged", method: "notifications/tools/list_changed" });

    // An event another replica published reaches this replica's subscribed session.
    await client.subscribe("memo://watched");
    const updated = new Promise<unknown>((resolve) => {
      client.on("notifications/resources/updated", (params) => resolve(params));
    });
    await bus.publish({ kind: "resourceUpdated", uri: "memo://watched" });
    expect(await updated).toMatchObject({ uri: "memo://watched" });
  });
});

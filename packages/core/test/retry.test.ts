import { describe, expect, it } from "vitest";
import { Client, createProxy, FastMCP, McpError, type Middleware, retry, ToolError } from "../src/index.js";
import { ErrorCode } from "../src/protocol/messages.js";

/** Stands in for the proxy's upstream connection dropping `times` times: what a Client then throws. */
function dropping(
  times: number,
  error: () => Error = () => new McpError(ErrorCode.ConnectionClosed, "gone"),
) {
  const state = { calls: 0 };
  const middleware: Middleware = {
    async onCallTool(request, next) {
      state.calls++;
      if (state.calls <= times) throw error();
      return next(request);
    },
  };
  return { state, middleware };
}

async function proxyOf(...middleware: Middleware[]) {
  const upstream = new FastMCP({ name: "upstream", logLevel: "silent" });
  upstream.tool({ name: "fetch_page" }, () => "page");
  const proxy = await createProxy(upstream, { logLevel: "silent" });
  proxy.use(...middleware);
  return proxy;
}

describe("retry middleware", () => {
  it("tries a proxied call again after a transient failure, up to its attempts", async () => {
    const drop = dropping(2);
    const proxy = await proxyOf(retry({ attempts: 3, backoffMs: 1 }), drop.middleware);
    await using client = await Client.connect(proxy);
    expect((await client.callTool("fetch_page")).content).toEqual([{ type: "text", text: "page" }]);
    expect(drop.state.calls).toBe(3);
    await proxy.close();
  });

  it("gives up after its attempts, and never retries an error that is not transient", async () => {
    const drop = dropping(5);
    const proxy = await proxyOf(retry({ attempts: 2, backoffMs: 1 }), drop.middleware);
    await using client = await Client.connect(proxy);
    expect(await client.callTool("fetch_page")).toMatchObject({
      isError: true,
      content: [{ type: "text", text: "Error calling tool fetch_page: gone" }],
    });
    expect(drop.state.calls).toBe(2);
    await proxy.close();

    const refusing = dropping(1, () => new ToolError("bad input"));
    const other = await proxyOf(retry({ attempts: 3, backoffMs: 1 }), refusing.middleware);
    await using second = await Client.connect(other);
    expect(await second.callTool("fetch_page")).toMatchObject({
      isError: true,
      content: [{ text: "bad input" }],
    });
    expect(refusing.state.calls).toBe(1);
    await other.close();
  });
});

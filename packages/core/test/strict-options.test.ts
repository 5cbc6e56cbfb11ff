import { describe, expect, it } from "vitest";
import { createHttpHandler, FastMCP } from "../src/index.js";

function server() {
  return new FastMCP({ name: "test", logLevel: "silent" });
}

describe("options are checked: an unknown key is an error naming it and the nearest known one", () => {
  it("server options", () => {
    // @ts-expect-error: not an option
    expect(() => new FastMCP({ name: "x", pageSzie: 10 })).toThrow(
      'Unknown server option "pageSzie" (did you mean "pageSize"?)',
    );
  });

  it("tool, resource and prompt options", () => {
    // @ts-expect-error: not an option
    expect(() => server().tool({ name: "t", timeout: 5 }, () => "")).toThrow(
      'Unknown tool option "timeout" (did you mean "timeoutMs"?)',
    );
    // @ts-expect-error: not an option
    expect(() => server().resource("data://x", { mimetype: "text/plain" }, () => "")).toThrow(
      'Unknown resource option "mimetype" (did you mean "mimeType"?)',
    );
    // @ts-expect-error: not an option
    expect(() => server().prompt({ name: "p", arguments: {} }, () => "")).toThrow(
      'Unknown prompt option "arguments"',
    );
  });

  it("run and HTTP options", async () => {
    // @ts-expect-error: stdio takes no port
    await expect(server().run({ transport: "stdio", port: 3000 })).rejects.toThrow(
      'Unknown stdio run option "port" (did you mean "transport"?)',
    );
    // @ts-expect-error: not an option
    await expect(server().run({ transport: "http", prot: 3000 })).rejects.toThrow(
      'Unknown HTTP run option "prot" (did you mean "port"?)',
    );
    // @ts-expect-error: not an option
    expect(() => createHttpHandler(server(), { stateles: true })).toThrow(
      'Unknown HTTP handler option "stateles" (did you mean "stateless"?)',
    );
  });
});

import { describe, expect, it } from "vitest";
import { RequestGuard } from "../src/http/request-guard.js";

// The guard is tested directly for non-loopback binds: tests never listen beyond 127.0.0.1.
describe("RequestGuard on a non-loopback interface", () => {
  it("refuses a DNS-rebinding page that names itself in both Host and Origin", () => {
    const guard = new RequestGuard({}, "0.0.0.0");
    expect(guard.problem({ host: "evil.example:3000", origin: "http://evil.example:3000" })).toBe(
      "Origin not allowed: http://evil.example:3000",
    );
  });

  it("lets non-browser clients (no Origin) and loopback pages through", () => {
    const guard = new RequestGuard({}, "0.0.0.0");
    expect(guard.problem({ host: "10.1.2.3:3000" })).toBeUndefined();
    expect(guard.problem({ host: "10.1.2.3:3000", origin: "http://localhost:6274" })).toBeUndefined();
  });

  it("accepts the listed hosts, as Host and as Origin, and nothing else", () => {
    const guard = new RequestGuard({ allowedHosts: ["mcp.example.com"] }, "0.0.0.0");
    expect(guard.problem({ host: "mcp.example.com", origin: "https://mcp.example.com" })).toBeUndefined();
    expect(guard.problem({ host: "evil.example", origin: "http://evil.example" })).toBe(
      "Host not allowed: evil.example",
    );
  });

  it("accepts origins on the allow-list", () => {
    const guard = new RequestGuard({ allowedOrigins: ["https://app.example.com"] }, "0.0.0.0");
    expect(guard.problem({ host: "10.1.2.3", origin: "https://app.example.com" })).toBeUndefined();
  });
});

import type { LookupAddress } from "node:dns";
import { describe, expect, it } from "vitest";
import { BlockedAddressError, createSafeLookup, type ResolveAll } from "./safe-lookup.js";

/** A resolver that answers every name with these addresses, like a DNS server an attacker controls. */
function answering(...addresses: string[]): ResolveAll {
  return (_hostname, _options, callback) =>
    callback(
      null,
      addresses.map((address): LookupAddress => ({ address, family: address.includes(":") ? 6 : 4 })),
    );
}

function lookup(resolve: ResolveAll, all: boolean, allowPrivateNetwork = false) {
  return new Promise<{ error: Error | null; result: unknown }>((done) => {
    createSafeLookup(allowPrivateNetwork, resolve)("api.example.com", { all }, (error, address, family) =>
      done({ error, result: all ? address : { address, family } }),
    );
  });
}

describe("createSafeLookup", () => {
  it("passes public answers through, in both callback forms", async () => {
    const resolve = answering("93.184.216.34", "2606:2800:220:1::1");
    expect(await lookup(resolve, true)).toEqual({
      error: null,
      result: [
        { address: "93.184.216.34", family: 4 },
        { address: "2606:2800:220:1::1", family: 6 },
      ],
    });
    expect(await lookup(resolve, false)).toEqual({
      error: null,
      result: { address: "93.184.216.34", family: 4 },
    });
  });

  it("refuses the host when any answer is private, so a mixed answer cannot be raced", async () => {
    const { error } = await lookup(answering("93.184.216.34", "10.0.0.5"), true);
    expect(error).toBeInstanceOf(BlockedAddressError);
    expect(error?.message).toBe(
      "api.example.com resolves to 10.0.0.5, a private address, which this upstream may not reach",
    );
    expect((await lookup(answering("::ffff:169.254.169.254"), false)).error?.message).toContain(
      "IPv4-mapped",
    );
  });

  it("lets an upstream that allows private networks through", async () => {
    expect(await lookup(answering("127.0.0.1"), false, true)).toEqual({
      error: null,
      result: { address: "127.0.0.1", family: 4 },
    });
  });
});

import { describe, expect, it } from "vitest";
import { blockedReason } from "./address-policy.js";

describe("blockedReason", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["10.255.0.1", "private"],
    ["172.16.0.1", "private"],
    ["192.168.1.1", "private"],
    ["169.254.169.254", "link-local (cloud metadata)"],
    ["100.64.0.1", "carrier-grade NAT"],
    ["0.0.0.0", "unspecified"],
    ["224.0.0.251", "multicast"],
    ["255.255.255.255", "broadcast"],
    ["::", "unspecified"],
    ["::1", "loopback"],
    ["fe80::1%eth0", "link-local"],
    ["fd00::1", "unique local (ULA)"],
    ["::ffff:8.8.8.8", "IPv4-mapped"],
    ["::ffff:7f00:1", "IPv4-mapped"],
    ["::127.0.0.1", "IPv4-compatible"],
    ["64:ff9b::169.254.169.254", "NAT64 form of a link-local (cloud metadata) address"],
    ["64:ff9b:1::a00:1", "NAT64 form of a private address"],
    ["2002:c0a8:101::1", "6to4 form of a private address"],
    ["2001:0:4136:e378::1", "Teredo"],
    ["ff02::1", "multicast"],
  ])("refuses %s (%s)", (address, reason) => {
    expect(blockedReason(address)).toBe(reason);
  });

  it.each([
    "8.8.8.8",
    "1.1.1.1",
    "172.32.0.1",
    "100.128.0.1",
    "2606:4700:4700::1111",
    "64:ff9b::8.8.8.8",
    "2002:808:808::1",
  ])("allows the public address %s", (address) => {
    expect(blockedReason(address)).toBeUndefined();
  });
});

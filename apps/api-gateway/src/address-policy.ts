import { isIPv4, isIPv6 } from "node:net";

/** [first address as a number, prefix length, why it is refused] */
type Range4 = [number, number, string];

const IPV4_BLOCKED: Range4[] = [
  [ipv4(0, 0, 0, 0), 8, "unspecified"],
  [ipv4(10, 0, 0, 0), 8, "private"],
  [ipv4(100, 64, 0, 0), 10, "carrier-grade NAT"],
  [ipv4(127, 0, 0, 0), 8, "loopback"],
  [ipv4(169, 254, 0, 0), 16, "link-local (cloud metadata)"],
  [ipv4(172, 16, 0, 0), 12, "private"],
  [ipv4(192, 0, 0, 0), 24, "IETF protocol assignments"],
  [ipv4(192, 0, 2, 0), 24, "documentation"],
  [ipv4(192, 88, 99, 0), 24, "6to4 relay anycast"],
  [ipv4(192, 168, 0, 0), 16, "private"],
  [ipv4(198, 18, 0, 0), 15, "benchmarking"],
  [ipv4(198, 51, 100, 0), 24, "documentation"],
  [ipv4(203, 0, 113, 0), 24, "documentation"],
  [ipv4(224, 0, 0, 0), 4, "multicast"],
  [ipv4(240, 0, 0, 0), 4, "reserved"],
];

/**
 * Why an IP address must not be reached from the gateway, or undefined when it is a public unicast
 * address. IPv6 forms that carry an IPv4 address are judged by it (NAT64, 6to4), and IPv4-mapped or
 * -compatible addresses are refused outright: no public host publishes one, and they reach IPv4
 * space through a side door.
 */
export function blockedReason(address: string): string | undefined {
  const bare = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  if (isIPv4(bare)) return ipv4Reason(parseIpv4(bare));
  if (!isIPv6(bare)) return "not an IP address";
  const bytes = parseIpv6(bare);
  const word = (index: number) => ((bytes[index * 2] ?? 0) << 8) | (bytes[index * 2 + 1] ?? 0);
  const embedded = (from: number) =>
    (((bytes[from] ?? 0) << 24) |
      ((bytes[from + 1] ?? 0) << 16) |
      ((bytes[from + 2] ?? 0) << 8) |
      (bytes[from + 3] ?? 0)) >>>
    0;
  const zeros = (from: number, to: number) => bytes.slice(from, to).every((byte) => byte === 0);

  if (zeros(0, 16)) return "unspecified";
  if (zeros(0, 15) && bytes[15] === 1) return "loopback";
  if (zeros(0, 10) && word(5) === 0xffff) return "IPv4-mapped";
  if (zeros(0, 12)) return "IPv4-compatible";
  if (word(0) === 0x64 && word(1) === 0xff9b && zeros(4, 12)) return nat64(ipv4Reason(embedded(12)));
  if (word(0) === 0x64 && word(1) === 0xff9b && word(2) === 1) return nat64(ipv4Reason(embedded(12)));
  if (word(0) === 0x2002) return nat64(ipv4Reason(embedded(2)), "6to4");
  if (word(0) === 0x2001 && word(1) === 0) return "Teredo";
  if (word(0) === 0x2001 && word(1) === 0xdb8) return "documentation";
  if (word(0) === 0x100 && zeros(2, 8)) return "discard-only";
  if ((word(0) & 0xfe00) === 0xfc00) return "unique local (ULA)";
  if ((word(0) & 0xffc0) === 0xfe80) return "link-local";
  if ((word(0) & 0xffc0) === 0xfec0) return "site-local";
  if ((word(0) & 0xff00) === 0xff00) return "multicast";
  return undefined;
}

function nat64(inner: string | undefined, form = "NAT64"): string | undefined {
  return inner === undefined ? undefined : `${form} form of a ${inner} address`;
}

function ipv4Reason(value: number): string | undefined {
  if (value === 0xffffffff) return "broadcast";
  for (const [start, prefix, reason] of IPV4_BLOCKED) {
    const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
    if ((value & mask) >>> 0 === start) return reason;
  }
  return undefined;
}

function ipv4(a: number, b: number, c: number, d: number): number {
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}

function parseIpv4(text: string): number {
  const [a = 0, b = 0, c = 0, d = 0] = text.split(".").map(Number);
  return ipv4(a, b, c, d);
}

/** The 16 bytes of a valid IPv6 address (checked by `isIPv6`); a dotted IPv4 tail becomes two words. */
function parseIpv6(text: string): number[] {
  const hex = text.toLowerCase().replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_all, a, b, c, d) => {
    const value = ipv4(Number(a), Number(b), Number(c), Number(d));
    return `${(value >>> 16).toString(16)}:${(value & 0xffff).toString(16)}`;
  });
  const words = (part: string) =>
    part === "" ? [] : part.split(":").map((word) => Number.parseInt(word, 16));
  const [head = "", rest] = hex.split("::");
  const left = words(head);
  const right = rest === undefined ? [] : words(rest);
  const all = [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
  return all.flatMap((word) => [word >> 8, word & 0xff]);
}

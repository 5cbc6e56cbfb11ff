import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import type { LookupFunction } from "node:net";
import { blockedReason } from "./address-policy.js";

/** Raised (through undici) when a host resolves to an address the gateway may not reach. */
export class BlockedAddressError extends Error {
  override name = "BlockedAddressError";
  readonly code = "E_BLOCKED_ADDRESS";
  constructor(
    readonly hostname: string,
    readonly address: string,
    readonly reason: string,
  ) {
    super(`${hostname} resolves to ${address}, a ${reason} address, which this upstream may not reach`);
  }
}

/**
 * A `lookup` for the sockets undici opens: resolves every address of the host and refuses the
 * connection if any of them is private, loopback, link-local, CGNAT, ULA, multicast or an IPv4 form
 * in IPv6 clothing. The socket then connects to the addresses checked here, so a DNS answer that
 * changes between check and connect (rebinding) cannot slip through.
 */
export function createSafeLookup(
  allowPrivateNetwork: boolean,
  resolve: ResolveAll = resolveAll,
): LookupFunction {
  return (hostname, options, callback) => {
    resolve(
      hostname,
      { all: true, family: options.family ?? 0, hints: options.hints ?? 0 },
      (error, addresses) => {
        if (error) return callback(error, "", 0);
        const list = addresses;
        if (!allowPrivateNetwork) {
          for (const { address } of list) {
            const reason = blockedReason(address);
            if (reason)
              return callback(
                new BlockedAddressError(hostname, address, reason) as NodeJS.ErrnoException,
                "",
                0,
              );
          }
        }
        if (options.all)
          return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, list);
        const first = list[0];
        if (!first)
          return callback(
            Object.assign(new Error(`${hostname} has no addresses`), { code: "ENOTFOUND" }),
            "",
            0,
          );
        callback(null, first.address, first.family);
      },
    );
  };
}

/** Every address of a host name, as `dns.lookup` with `all: true` gives them. */
export type ResolveAll = (
  hostname: string,
  options: { all: true; family: number | "IPv4" | "IPv6"; hints: number },
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

const resolveAll: ResolveAll = (hostname, options, callback) => dnsLookup(hostname, options, callback);

/** The reason a literal IP host is refused (sockets skip `lookup` for literals), else undefined. */
export function literalAddressReason(hostname: string, allowPrivateNetwork: boolean): string | undefined {
  if (allowPrivateNetwork) return undefined;
  const bare = hostname.replace(/^\[|\]$/g, "");
  if (!/^[\d.]+$/.test(bare) && !bare.includes(":")) return undefined;
  return blockedReason(bare);
}

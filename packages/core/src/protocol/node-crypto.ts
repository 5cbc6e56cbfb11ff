import { createRequire } from "node:module";

let cryptoModule: typeof import("node:crypto") | undefined;

/**
 * node:crypto, loaded on first use: a stdio server needs none of it, and importing it costs
 * milliseconds of every start-up. Static tokens and sealed request state load it when used.
 */
export function nodeCrypto(): typeof import("node:crypto") {
  cryptoModule ??= createRequire(import.meta.url)("node:crypto") as typeof import("node:crypto");
  return cryptoModule;
}

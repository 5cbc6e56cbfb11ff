import { createRequire } from "node:module";
import type { TokenVerifier } from "./http-options.js";

let cryptoModule: typeof import("node:crypto") | undefined;

/** node:crypto, loaded on first use: most servers never verify a static token. */
function nodeCrypto(): typeof import("node:crypto") {
  cryptoModule ??= createRequire(import.meta.url)("node:crypto") as typeof import("node:crypto");
  return cryptoModule;
}

/**
 * A verifier for a fixed set of bearer tokens, each mapped to the client id it identifies
 * (visible to handlers as `ctx.auth.clientId`). Tokens are compared in constant time.
 *
 * @example
 * await mcp.run({ transport: "http", auth: { verify: staticTokenVerifier({ [token]: "ci-bot" }) } });
 */
export function staticTokenVerifier(tokens: Record<string, string>, scopes: string[] = []): TokenVerifier {
  const { timingSafeEqual } = nodeCrypto();
  const known = Object.entries(tokens).map(([token, clientId]) => ({ digest: digest(token), clientId }));
  return (token) => {
    const candidate = digest(token);
    const match = known.find((entry) => timingSafeEqual(entry.digest, candidate));
    return match ? { token, clientId: match.clientId, scopes } : undefined;
  };
}

function digest(token: string): Buffer {
  return nodeCrypto().createHash("sha256").update(token).digest();
}

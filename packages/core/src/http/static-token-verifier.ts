import { nodeCrypto } from "../protocol/node-crypto.js";
import type { TokenVerifier } from "./http-options.js";

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

import { nodeCrypto } from "../../protocol/node-crypto.js";

/** A PKCE verifier and its S256 challenge (RFC 7636), and a `state` value: all fresh random. */
export function pkcePair(): { verifier: string; challenge: string; state: string } {
  const crypto = nodeCrypto();
  const verifier = crypto.randomBytes(32).toString("base64url");
  const challenge = crypto.createHash("sha256").update(verifier).digest("base64url");
  return { verifier, challenge, state: crypto.randomBytes(16).toString("base64url") };
}

/**
 * RFC 9207 section 2.4 as the MCP spec tabulates it: a present `iss` must equal the recorded
 * issuer exactly (no normalization of any kind); an absent one is refused only when the server
 * advertised `authorization_response_iss_parameter_supported`. Returns the problem, or undefined.
 */
export function issuerProblem(
  received: string | null,
  expected: string,
  advertised: boolean | undefined,
): string | undefined {
  if (received === null) {
    return advertised === true
      ? "the authorization response has no iss, which its server promised"
      : undefined;
  }
  return received === expected
    ? undefined
    : "the authorization response names another issuer (mix-up attack?)";
}

import type { JWTPayload } from "jose";
import type { TokenVerifier } from "../http/http-options.js";
import type { AuthInfo } from "../protocol/transport.js";
import { AuthUnavailableError, InvalidTokenError } from "./auth-errors.js";
import { discoverAuthorizationServer } from "./authorization-server-metadata.js";
import { parseScopes } from "./scopes.js";
import { TokenCache } from "./token-cache.js";

/** Asymmetric algorithms only: a key set is public, so an HMAC "key" from it would be forgeable. */
const DEFAULT_ALGORITHMS = [
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
  "ES512",
  "EdDSA",
];

export interface JwtVerifierOptions {
  /** The authorization server's issuer identifier; the `iss` claim must equal it. */
  issuer: string;
  /** This server's canonical URL (RFC 8707); the token's `aud` must contain it (or one of these). */
  audience: string | string[];
  /** The issuer's JWKS; default: its metadata's `jwks_uri`, discovered on first use. */
  jwksUrl?: string;
  /** Accepted signing algorithms; default: every asymmetric JWS algorithm. `none` and HS* are refused. */
  algorithms?: string[];
  /** Leeway for `exp` and `nbf` between clocks, in seconds; default 30. */
  clockToleranceSeconds?: number;
  /**
   * After the key set was fetched, no refetch for an unknown `kid` until this much later, in ms
   * (a flood of made-up key ids must not become a flood of JWKS requests); default 30 s.
   */
  jwksCooldownMs?: number;
  /** A JWKS or metadata fetch gives up after this long, in ms; default 5 s. */
  timeoutMs?: number;
  /** The time tokens are checked against; for tests. Default: now. */
  clock?: () => Date;
  /**
   * Most verified tokens remembered, each until its `exp` (at most 5 minutes), so that a client
   * sending the same token on every request pays for the signature check once; default 10,000.
   * 0 checks every time.
   */
  cacheSize?: number;
}

/** A verified token is trusted from the cache for at most this long, whatever its `exp`. */
const MAX_CACHE_MS = 5 * 60_000;

/**
 * Verifies JWT access tokens (RFC 9068) against the issuer's JSON Web Key Set: signature with an
 * allowed asymmetric algorithm, `iss`, `aud` bound to this server (RFC 8707), `exp`/`nbf` with a
 * small leeway. Keys are fetched once and cached; a token signed with a new key id refetches the
 * set (key rotation). An unreachable key set is `AuthUnavailableError` (503), not a bad token.
 *
 * @example
 * auth: { verify: jwtVerifier({ issuer: "https://auth.example.com", audience: "https://mcp.example.com/mcp" }) }
 */
export function jwtVerifier(options: JwtVerifierOptions): TokenVerifier {
  const algorithms = options.algorithms ?? DEFAULT_ALGORITHMS;
  const forbidden = algorithms.filter((algorithm) => algorithm === "none" || /^HS/i.test(algorithm));
  if (forbidden.length > 0 || algorithms.length === 0) {
    throw new TypeError(
      `jwtVerifier: algorithms must be asymmetric JWS algorithms, not ${forbidden.join(", ") || "none"}`,
    );
  }
  const timeoutMs = options.timeoutMs ?? 5_000;
  type Jose = typeof import("jose");
  let keys: Promise<{ jose: Jose; jwks: ReturnType<Jose["createRemoteJWKSet"]> }> | undefined;
  const keySet = () => {
    if (keys) return keys;
    const loading = (async () => {
      // Loaded on first use: importing @mcpkit/core for a server without JWTs never pulls in jose.
      const jose = await import("jose");
      const url =
        options.jwksUrl ?? (await discoverAuthorizationServer(options.issuer, fetch, timeoutMs)).jwks_uri;
      if (url === undefined)
        throw new AuthUnavailableError(`The authorization server ${options.issuer} publishes no jwks_uri`);
      const jwks = jose.createRemoteJWKSet(new URL(url), {
        timeoutDuration: timeoutMs,
        cooldownDuration: options.jwksCooldownMs ?? 30_000,
      });
      return { jose, jwks };
    })();
    keys = loading;
    // A failed discovery is tried again on the next token, not remembered forever.
    loading.catch(() => {
      if (keys === loading) keys = undefined;
    });
    return loading;
  };
  const verifyOptions = {
    issuer: options.issuer,
    audience: options.audience,
    algorithms,
    clockTolerance: options.clockToleranceSeconds ?? 30,
  };
  const now = () => (options.clock ? options.clock() : new Date()).getTime();
  // Measured: an RS256 check is about 0.2 ms on a busy 2-core machine, a cache hit (SHA-256 of the
  // token and a map lookup) a few microseconds; the budget for a cached check is 0.1 ms.
  const verified = new TokenCache<AuthInfo>(options.cacheSize ?? 10_000, now);
  return async (token) => {
    const cached = verified.get(token);
    if (cached) return cached;
    const { jose, jwks } = await keySet();
    let payload: JWTPayload;
    try {
      const checked = await jose.jwtVerify(
        token,
        jwks,
        options.clock ? { ...verifyOptions, currentDate: options.clock() } : verifyOptions,
      );
      payload = checked.payload;
    } catch (error) {
      throw asVerificationError(jose.errors, error);
    }
    const info = toAuthInfo(token, payload);
    const expiresAt = info.expiresAt === undefined ? Number.POSITIVE_INFINITY : info.expiresAt * 1000;
    verified.set(token, info, Math.min(expiresAt, now() + MAX_CACHE_MS));
    return info;
  };
}

function toAuthInfo(token: string, payload: JWTPayload): AuthInfo {
  const clientId = [payload.client_id, payload.azp, payload.sub].find((value) => typeof value === "string");
  const info: AuthInfo = {
    token,
    clientId: (clientId as string | undefined) ?? "unknown",
    scopes: parseScopes(payload.scope ?? payload.scp),
    claims: payload,
  };
  if (payload.exp !== undefined) info.expiresAt = payload.exp;
  if (payload.sub !== undefined) info.subject = payload.sub;
  if (payload.iss !== undefined) info.issuer = payload.iss;
  return info;
}

/** jose's errors, as the caller should hear them: what failed, never the token's contents. */
function asVerificationError(errors: typeof import("jose").errors, error: unknown): Error {
  if (error instanceof errors.JWTExpired) return new InvalidTokenError("Token has expired", { cause: error });
  if (error instanceof errors.JWTClaimValidationFailed) {
    const claim =
      error.claim === "aud" ? "audience (it was issued for another resource)" : `"${error.claim}" claim`;
    return new InvalidTokenError(`Token ${claim} is not accepted`, { cause: error });
  }
  if (error instanceof errors.JOSEAlgNotAllowed)
    return new InvalidTokenError("Token signing algorithm is not allowed", { cause: error });
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return new InvalidTokenError("Token signature is invalid", { cause: error });
  if (error instanceof errors.JWKSNoMatchingKey)
    return new InvalidTokenError("Token is signed with an unknown key", { cause: error });
  if (error instanceof errors.JWKSTimeout)
    return new AuthUnavailableError("The key set did not answer in time", { cause: error });
  if (error instanceof AuthUnavailableError) return error;
  if (
    error instanceof errors.JWKSInvalid ||
    error instanceof TypeError ||
    (error instanceof errors.JOSEError && /JSON Web Key Set/.test(error.message))
  ) {
    return new AuthUnavailableError("The key set could not be fetched", { cause: error });
  }
  if (
    error instanceof errors.JWSInvalid ||
    error instanceof errors.JWTInvalid ||
    error instanceof errors.JOSEError
  ) {
    return new InvalidTokenError("Token is not a valid signed JWT", { cause: error });
  }
  return error instanceof Error ? error : new Error(String(error));
}

import type { TokenVerifier } from "../http/http-options.js";
import type { AuthInfo } from "../protocol/transport.js";
import { AuthUnavailableError, InvalidTokenError } from "./auth-errors.js";
import { parseScopes } from "./scopes.js";
import { TokenCache } from "./token-cache.js";

export interface IntrospectionVerifierOptions {
  /** The authorization server's RFC 7662 introspection endpoint. */
  url: string;
  /** This resource server's credentials at the authorization server (HTTP Basic). */
  clientId: string;
  clientSecret: string;
  /** When set, an active token's `aud` must contain this (RFC 8707); tokens without `aud` are refused. */
  audience?: string;
  /** When set, an active token's `iss`, if present, must equal this. */
  issuer?: string;
  /** How long an answer is reused, in ms, capped by the token's own `exp`; default 60 s. 0 turns caching off. */
  cacheTtlMs?: number;
  /** Most answers kept; default 10,000. */
  cacheSize?: number;
  /** The endpoint gives up after this long, in ms; default 5 s. */
  timeoutMs?: number;
  /** The clock, in ms since the epoch; for tests. */
  now?: () => number;
  /** For tests and custom agents; default the global fetch. */
  fetch?: typeof fetch;
}

type Answer = { info: AuthInfo } | { refused: string };

/**
 * Verifies opaque access tokens by asking the authorization server (RFC 7662 token
 * introspection), and remembers each answer, accepted or refused, for a short while so that a
 * busy client costs one introspection per `cacheTtlMs`, not one per request.
 *
 * @example
 * auth: { verify: introspectionVerifier({ url: "https://auth.example.com/introspect",
 *   clientId: "mcp-server", clientSecret: config.introspectionSecret, audience: "https://mcp.example.com/mcp" }) }
 */
export function introspectionVerifier(options: IntrospectionVerifierOptions): TokenVerifier {
  const now = options.now ?? Date.now;
  const ttlMs = options.cacheTtlMs ?? 60_000;
  const cache = new TokenCache<Answer>(options.cacheSize ?? 10_000, now);
  const fetchImpl = options.fetch ?? fetch;
  const credentials = Buffer.from(
    `${encodeURIComponent(options.clientId)}:${encodeURIComponent(options.clientSecret)}`,
  ).toString("base64");

  const introspect = async (token: string): Promise<Answer> => {
    let response: Response;
    try {
      response = await fetchImpl(options.url, {
        method: "POST",
        headers: {
          Authorization: `Basic ${credentials}`,
          "Content-Type": "application/x-www-form-urlencoded",
          Accept: "application/json",
        },
        body: new URLSearchParams({ token, token_type_hint: "access_token" }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
      });
    } catch (cause) {
      throw new AuthUnavailableError("The introspection endpoint did not answer", { cause });
    }
    if (response.status !== 200) {
      await response.body?.cancel();
      throw new AuthUnavailableError(`The introspection endpoint answered ${response.status}`);
    }
    const body = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
    if (typeof body !== "object" || body === null || Array.isArray(body))
      throw new AuthUnavailableError(
        "The introspection endpoint answered something other than a JSON object",
      );
    return judge(token, body, options, now());
  };

  return async (token) => {
    let answer = cache.get(token);
    if (!answer) {
      answer = await introspect(token);
      const expiresAt = "info" in answer ? answer.info.expiresAt : undefined;
      const until = Math.min(
        now() + ttlMs,
        expiresAt === undefined ? Number.POSITIVE_INFINITY : expiresAt * 1000,
      );
      cache.set(token, answer, until);
    }
    if ("refused" in answer) throw new InvalidTokenError(answer.refused);
    return answer.info;
  };
}

function judge(
  token: string,
  body: Record<string, unknown>,
  options: IntrospectionVerifierOptions,
  nowMs: number,
): Answer {
  if (body.active !== true) return { refused: "The token is not active" };
  const { exp, sub, iss, aud, client_id: clientId } = body;
  if (typeof exp === "number" && exp * 1000 <= nowMs) return { refused: "Token has expired" };
  if (options.issuer !== undefined && iss !== undefined && iss !== options.issuer)
    return { refused: "Token was issued by another authorization server" };
  if (options.audience !== undefined) {
    const audiences = Array.isArray(aud) ? aud : [aud];
    if (!audiences.includes(options.audience))
      return { refused: "Token audience (it was issued for another resource) is not accepted" };
  }
  const info: AuthInfo = {
    token,
    clientId: typeof clientId === "string" ? clientId : typeof sub === "string" ? sub : "unknown",
    scopes: parseScopes(body.scope),
    claims: body,
  };
  if (typeof exp === "number") info.expiresAt = exp;
  if (typeof sub === "string") info.subject = sub;
  if (typeof iss === "string") info.issuer = iss;
  return { info };
}

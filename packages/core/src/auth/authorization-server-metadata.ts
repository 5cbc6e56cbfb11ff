import { AuthUnavailableError } from "./auth-errors.js";

/** The parts of an authorization server's metadata (RFC 8414, OpenID Discovery) mcpkit uses. */
export interface AuthorizationServerMetadata {
  issuer: string;
  token_endpoint?: string;
  authorization_endpoint?: string;
  jwks_uri?: string;
  introspection_endpoint?: string;
  registration_endpoint?: string;
  scopes_supported?: string[];
  code_challenge_methods_supported?: string[];
  authorization_response_iss_parameter_supported?: boolean;
  client_id_metadata_document_supported?: boolean;
  [field: string]: unknown;
}

/**
 * The metadata URLs to try for an issuer, in the order the MCP spec gives: RFC 8414 path
 * insertion, OpenID Discovery path insertion, then OpenID Discovery path appending.
 */
export function metadataUrls(issuer: string): URL[] {
  const url = new URL(issuer);
  const path = url.pathname === "/" ? "" : url.pathname.replace(/\/$/, "");
  const at = (suffix: string) => new URL(suffix, url.origin);
  if (path === "")
    return [at("/.well-known/oauth-authorization-server"), at("/.well-known/openid-configuration")];
  return [
    at(`/.well-known/oauth-authorization-server${path}`),
    at(`/.well-known/openid-configuration${path}`),
    at(`${path}/.well-known/openid-configuration`),
  ];
}

/**
 * Fetches and validates an authorization server's metadata: the first well-known URL that
 * answers 200 with JSON whose `issuer` is exactly `issuer` (a document naming another issuer is
 * never used, RFC 8414 section 3.3). Throws `AuthUnavailableError` when none does.
 *
 * @example
 * const { token_endpoint } = await discoverAuthorizationServer("https://auth.example.com");
 */
export async function discoverAuthorizationServer(
  issuer: string,
  fetchImpl: typeof fetch = fetch,
  timeoutMs = 5_000,
): Promise<AuthorizationServerMetadata> {
  const problems: string[] = [];
  for (const url of metadataUrls(issuer)) {
    let response: Response;
    try {
      response = await fetchImpl(url, {
        headers: { Accept: "application/json" },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (cause) {
      throw new AuthUnavailableError(`The authorization server ${issuer} did not answer`, { cause });
    }
    if (response.status !== 200) {
      await response.body?.cancel();
      problems.push(`${url.pathname}: ${response.status}`);
      continue;
    }
    const document = (await response.json().catch(() => undefined)) as
      | AuthorizationServerMetadata
      | undefined;
    if (typeof document !== "object" || document === null || Array.isArray(document)) {
      problems.push(`${url.pathname}: not a JSON object`);
      continue;
    }
    if (document.issuer !== issuer) {
      problems.push(`${url.pathname}: names another issuer`);
      continue;
    }
    return document;
  }
  throw new AuthUnavailableError(
    `No valid metadata for the authorization server ${issuer} (${problems.join("; ")})`,
  );
}

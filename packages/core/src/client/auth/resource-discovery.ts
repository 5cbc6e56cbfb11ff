import { AuthUnavailableError } from "../../auth/auth-errors.js";
import {
  type AuthorizationServerMetadata,
  discoverAuthorizationServer,
} from "../../auth/authorization-server-metadata.js";

/** What a client learns about a protected MCP server (RFC 9728) and its authorization server. */
export interface DiscoveredAuthorization {
  /** The server's canonical URL, as its metadata names it: the `resource` to ask tokens for. */
  resource: string;
  scopesSupported: string[] | undefined;
  authorizationServer: AuthorizationServerMetadata;
}

/**
 * The well-known metadata URLs for an MCP server URL, in the spec's order: the path-suffixed
 * form first, then the root.
 */
export function resourceMetadataUrls(server: URL): URL[] {
  const root = new URL("/.well-known/oauth-protected-resource", server.origin);
  const path = server.pathname.replace(/\/$/, "");
  return path === ""
    ? [root]
    : [new URL(`/.well-known/oauth-protected-resource${path}`, server.origin), root];
}

/**
 * Finds how to get tokens for `server`: its protected resource metadata (at `metadataUrl` when a
 * challenge named one, else the well-known URLs), then the first listed authorization server's
 * validated metadata.
 *
 * @example
 * const { authorizationServer } = await discoverAuthorization(new URL("https://mcp.example.com/mcp"));
 */
export async function discoverAuthorization(
  server: URL,
  fetchImpl: typeof fetch = fetch,
  metadataUrl?: URL,
): Promise<DiscoveredAuthorization> {
  for (const url of metadataUrl ? [metadataUrl] : resourceMetadataUrls(server)) {
    let response: Response;
    try {
      response = await fetchImpl(url, {
        headers: { Accept: "application/json" },
        signal: AbortSignal.timeout(10_000),
      });
    } catch (cause) {
      throw new AuthUnavailableError(`The MCP server's metadata at ${url.href} did not answer`, { cause });
    }
    if (response.status !== 200) {
      await response.body?.cancel();
      continue;
    }
    const document = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
    const servers = document?.authorization_servers;
    if (!Array.isArray(servers) || typeof servers[0] !== "string") continue;
    const resource = typeof document?.resource === "string" ? document.resource : server.href;
    const scopes = document?.scopes_supported;
    return {
      resource,
      scopesSupported: Array.isArray(scopes)
        ? scopes.filter((scope) => typeof scope === "string")
        : undefined,
      authorizationServer: await discoverAuthorizationServer(servers[0], fetchImpl),
    };
  }
  throw new AuthUnavailableError(
    `${server.href} publishes no protected resource metadata naming an authorization server`,
  );
}

import { AuthUnavailableError } from "../../auth/auth-errors.js";
import { discoverAuthorizationServer } from "../../auth/authorization-server-metadata.js";
import { discoverAuthorization } from "./resource-discovery.js";
import { requestToken } from "./token-request.js";
import type { TokenSource } from "./token-source.js";

export interface ClientCredentialsOptions {
  clientId: string;
  clientSecret: string;
  /** Space-separated scopes to ask for; default: the server's `scopes_supported`, if any. */
  scope?: string;
  /** The authorization server; default: the first one the MCP server's metadata names. */
  issuer?: string;
  /** The token endpoint; default: from the authorization server's metadata. */
  tokenUrl?: string;
  /** Renew this long before the token expires, in ms; default 30 s. */
  renewBeforeMs?: number;
  fetch?: typeof fetch;
  /** The clock, in ms since the epoch; for tests. */
  now?: () => number;
}

/**
 * Tokens from the OAuth client-credentials grant, for a client acting on its own behalf (a
 * service, CI): discovered from the MCP server's metadata unless `tokenUrl` is given, asked for
 * the server's canonical URL as `resource` (RFC 8707), kept until shortly before they expire.
 *
 * @example
 * await Client.connect("https://mcp.example.com/mcp", {
 *   auth: clientCredentials({ clientId: "ci-bot", clientSecret: process.env.SECRET as string }),
 * });
 */
export function clientCredentials(options: ClientCredentialsOptions): TokenSource {
  const fetchImpl = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  let current: { token: string; renewAt: number } | undefined;
  let pending: Promise<string> | undefined;

  const request = async (server: URL): Promise<string> => {
    let tokenUrl = options.tokenUrl;
    let resource = server.href;
    let scope = options.scope;
    if (tokenUrl === undefined) {
      if (options.issuer !== undefined) {
        tokenUrl = (await discoverAuthorizationServer(options.issuer, fetchImpl)).token_endpoint;
      } else {
        const found = await discoverAuthorization(server, fetchImpl);
        tokenUrl = found.authorizationServer.token_endpoint;
        resource = found.resource;
        scope ??= found.scopesSupported?.join(" ");
      }
    }
    if (tokenUrl === undefined)
      throw new AuthUnavailableError("The authorization server has no token endpoint");
    const body = new URLSearchParams({ grant_type: "client_credentials", resource });
    if (scope) body.set("scope", scope);
    const client = { id: options.clientId, secret: options.clientSecret };
    const answer = await requestToken(tokenUrl, body, client, fetchImpl);
    const lifetimeMs = (answer.expiresIn ?? 3600) * 1000;
    current = {
      token: answer.accessToken,
      renewAt: now() + Math.max(0, lifetimeMs - (options.renewBeforeMs ?? 30_000)),
    };
    return answer.accessToken;
  };

  return {
    token(server) {
      if (current && now() < current.renewAt) return Promise.resolve(current.token);
      // One grant at a time: concurrent requests share it instead of each asking for a token.
      pending ??= request(server).finally(() => {
        pending = undefined;
      });
      return pending;
    },
    invalidate() {
      current = undefined;
    },
  };
}

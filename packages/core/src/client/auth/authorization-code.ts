import type { AuthorizationServerMetadata } from "../../auth/authorization-server-metadata.js";
import { type CredentialStore, memoryCredentialStore, type StoredCredentials } from "./credential-store.js";
import { listenForRedirect } from "./loopback-redirect.js";
import { issuerProblem, pkcePair } from "./pkce.js";
import { type DiscoveredAuthorization, discoverAuthorization } from "./resource-discovery.js";
import { requestToken, type TokenAnswer } from "./token-request.js";
import type { TokenSource } from "./token-source.js";

export interface AuthorizationCodeOptions {
  /** Shows the user the authorization URL: opens a browser for a CLI; a test follows it itself. */
  openBrowser(url: URL): void | Promise<void>;
  /** A client id registered with the authorization server beforehand (a public client). */
  clientId?: string;
  /** The HTTPS URL of this client's metadata document, used as its client id where supported. */
  clientMetadataUrl?: string;
  /** `client_name` for Dynamic Client Registration, the last resort; default "mcpkit". */
  clientName?: string;
  /** Space-separated scopes; default the server's `scopes_supported`. */
  scope?: string;
  /** Where registrations and tokens are kept, by issuer; default in memory. */
  store?: CredentialStore;
  /** How long to wait for the user, in ms; default 5 minutes. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** The clock, in ms since the epoch; for tests. */
  now?: () => number;
}

const RENEW_BEFORE_MS = 30_000;

/**
 * Tokens for a user, by the authorization-code grant with PKCE (S256) and a loopback redirect,
 * as the 2026-07-28 spec has a client do it: discovery from the server's protected resource
 * metadata; the client identified by a pre-registered id, else its Client ID Metadata Document
 * when the server supports them, else by Dynamic Client Registration; `state` and then the
 * RFC 9207 `iss` checked before the code is redeemed; `resource` on both requests; registrations
 * and tokens stored by issuer; a refresh token used when the access token expires.
 *
 * @example
 * await Client.connect(url, { auth: authorizationCode({ openBrowser: (url) => open(url.href) }) });
 */
export function authorizationCode(options: AuthorizationCodeOptions): TokenSource {
  const fetchImpl = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const store = options.store ?? memoryCredentialStore();
  let discovered: Promise<DiscoveredAuthorization> | undefined;
  let stale = false;
  /** Scopes servers challenged for (step-up), asked for on every authorization from then on. */
  const stepUpScopes = new Set<string>();
  let mustAuthorize = false;
  let pending: Promise<string> | undefined;

  const obtain = async (server: URL): Promise<string> => {
    discovered ??= discoverAuthorization(server, fetchImpl);
    const found = await discovered.catch((error: unknown) => {
      discovered = undefined;
      throw error;
    });
    const metadata = found.authorizationServer;
    const saved = await store.get(metadata.issuer);
    const usable = saved?.resource === found.resource ? saved : undefined;
    if (mustAuthorize) {
      // A refresh keeps the old grant's scopes: widening them takes the user's consent again.
      mustAuthorize = false;
      stale = false;
      return authorize(found, saved);
    }
    if (usable?.accessToken && !stale && now() < (usable.expiresAt ?? 0) - RENEW_BEFORE_MS)
      return usable.accessToken;
    stale = false;
    if (usable?.refreshToken && metadata.token_endpoint) {
      const body = new URLSearchParams({
        grant_type: "refresh_token",
        refresh_token: usable.refreshToken,
        resource: found.resource,
      });
      const client = { id: usable.clientId, secret: usable.clientSecret };
      const refreshed = await requestToken(metadata.token_endpoint, body, client, fetchImpl).catch(
        () => undefined,
      );
      if (refreshed) return keep(metadata.issuer, { ...usable }, refreshed, found.resource);
    }
    return authorize(found, saved);
  };

  const keep = async (
    issuer: string,
    credentials: StoredCredentials,
    answer: TokenAnswer,
    resource: string,
  ) => {
    credentials.accessToken = answer.accessToken;
    credentials.refreshToken = answer.refreshToken ?? credentials.refreshToken;
    credentials.expiresAt = now() + (answer.expiresIn ?? 3600) * 1000;
    credentials.resource = resource;
    await store.set(issuer, credentials);
    return answer.accessToken;
  };

  const authorize = async (found: DiscoveredAuthorization, saved: StoredCredentials | undefined) => {
    const metadata = found.authorizationServer;
    const { authorization_endpoint: authorizationUrl, token_endpoint: tokenUrl } = metadata;
    if (!authorizationUrl || !tokenUrl)
      throw new Error(`The authorization server ${metadata.issuer} has no authorization or token endpoint`);
    if (!metadata.code_challenge_methods_supported?.includes("S256"))
      throw new Error(
        `The authorization server ${metadata.issuer} does not support PKCE with S256; refusing to continue`,
      );
    const previousPort = saved?.redirectUri ? Number(new URL(saved.redirectUri).port) : 0;
    const redirect = await listenForRedirect(options.timeoutMs ?? 300_000, previousPort);
    try {
      const client = await identify(metadata, redirect.redirectUri, saved);
      const { verifier, challenge, state } = pkcePair();
      const url = new URL(authorizationUrl);
      const base = (options.scope ?? found.scopesSupported?.join(" ") ?? "").split(" ");
      const scope = [...new Set([...base, ...stepUpScopes])].filter((value) => value.length > 0).join(" ");
      url.search = new URLSearchParams({
        response_type: "code",
        client_id: client.clientId,
        redirect_uri: redirect.redirectUri,
        code_challenge: challenge,
        code_challenge_method: "S256",
        state,
        resource: found.resource,
        ...(scope ? { scope } : {}),
      }).toString();
      await options.openBrowser(url);
      const answer = await redirect.received;
      // The issuer first: on a mismatch, nothing else in the response may be acted on.
      const problem = issuerProblem(
        answer.get("iss"),
        metadata.issuer,
        metadata.authorization_response_iss_parameter_supported,
      );
      if (problem) throw new Error(`Authorization refused: ${problem}`);
      if (answer.get("state") !== state) throw new Error("Authorization refused: the state does not match");
      const error = answer.get("error");
      if (error !== null) throw new Error(`The authorization server refused: ${error}`);
      const code = answer.get("code");
      if (!code) throw new Error("The authorization response carries no code");
      const body = new URLSearchParams({
        grant_type: "authorization_code",
        code,
        redirect_uri: redirect.redirectUri,
        code_verifier: verifier,
        resource: found.resource,
      });
      const tokens = await requestToken(
        tokenUrl,
        body,
        { id: client.clientId, secret: client.clientSecret },
        fetchImpl,
      );
      return keep(metadata.issuer, client, tokens, found.resource);
    } finally {
      await redirect.close();
    }
  };

  const identify = async (
    metadata: AuthorizationServerMetadata,
    redirectUri: string,
    saved: StoredCredentials | undefined,
  ): Promise<StoredCredentials> => {
    if (options.clientId !== undefined) return { clientId: options.clientId, redirectUri };
    if (metadata.client_id_metadata_document_supported === true && options.clientMetadataUrl !== undefined)
      return { clientId: options.clientMetadataUrl, redirectUri };
    if (saved?.clientId && saved.redirectUri === redirectUri) return { ...saved };
    if (!metadata.registration_endpoint)
      throw new Error(
        `The authorization server ${metadata.issuer} accepts neither Client ID Metadata Documents nor registration; give a clientId`,
      );
    const response = await fetchImpl(metadata.registration_endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({
        client_name: options.clientName ?? "mcpkit",
        redirect_uris: [redirectUri],
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        token_endpoint_auth_method: "none",
        application_type: "native",
      }),
      signal: AbortSignal.timeout(10_000),
    });
    const registered = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (response.status !== 201 && response.status !== 200) {
      const reason = typeof registered.error === "string" ? registered.error : `status ${response.status}`;
      throw new Error(`Dynamic Client Registration failed (${reason})`);
    }
    if (typeof registered.client_id !== "string")
      throw new Error("Dynamic Client Registration returned no client_id");
    const secret = typeof registered.client_secret === "string" ? registered.client_secret : undefined;
    return { clientId: registered.client_id, clientSecret: secret, redirectUri };
  };

  return {
    token(server) {
      pending ??= obtain(server).finally(() => {
        pending = undefined;
      });
      return pending;
    },
    invalidate() {
      stale = true;
    },
    stepUp(scopes) {
      for (const scope of scopes) stepUpScopes.add(scope);
      mustAuthorize = true;
    },
  };
}

/** A client's registration and tokens at one authorization server. */
export interface StoredCredentials {
  clientId: string;
  clientSecret?: string | undefined;
  accessToken?: string | undefined;
  refreshToken?: string | undefined;
  /** Milliseconds since the epoch. */
  expiresAt?: number | undefined;
  /** The resource (MCP server URL) the tokens were issued for. */
  resource?: string | undefined;
  /** The loopback redirect URI the client was registered with. */
  redirectUri?: string | undefined;
}

/**
 * Where a client keeps what an authorization server gave it, keyed by that server's issuer: a
 * client id from one authorization server is never offered to another (2026-07-28).
 * Implementations must keep refresh tokens confidential (a file readable only by the user).
 */
export interface CredentialStore {
  get(issuer: string): StoredCredentials | undefined | Promise<StoredCredentials | undefined>;
  set(issuer: string, credentials: StoredCredentials): void | Promise<void>;
}

/** Credentials for this process's lifetime only. */
export function memoryCredentialStore(): CredentialStore {
  const byIssuer = new Map<string, StoredCredentials>();
  return {
    get: (issuer) => byIssuer.get(issuer),
    set: (issuer, credentials) => void byIssuer.set(issuer, credentials),
  };
}

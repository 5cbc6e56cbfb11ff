/**
 * Where a client's access tokens come from for one MCP server: `token` gives a valid one
 * (cached, renewed when it expires), `invalidate` drops it after the server refused it.
 * `resource` is the server's URL, the RFC 8707 resource the token must be issued for.
 */
export interface TokenSource {
  token(resource: URL): Promise<string>;
  invalidate(): void;
  /**
   * The server answered 403 `insufficient_scope` naming `scopes`: the next token must carry them
   * as well as those asked for before (step-up). Sources that cannot widen their scopes omit it.
   */
  stepUp?(scopes: string[]): void;
}

/**
 * A fixed access token as a `TokenSource`, for a token obtained elsewhere.
 *
 * @example
 * await Client.connect(url, { auth: staticToken(process.env.MCP_TOKEN as string) });
 */
export function staticToken(token: string): TokenSource {
  return { token: async () => token, invalidate: () => {} };
}

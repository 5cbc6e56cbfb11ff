import type { TokenSource } from "./token-source.js";

/** The scopes of a 403 `insufficient_scope` challenge, or undefined for any other answer. */
function challengedScopes(response: Response): string[] | undefined {
  if (response.status !== 403) return undefined;
  const challenge = response.headers.get("www-authenticate") ?? "";
  if (!/error="insufficient_scope"/.test(challenge)) return undefined;
  const scope = /(?:^|[\s,])scope="([^"]*)"/.exec(challenge)?.[1];
  return scope ? scope.split(" ").filter((value) => value.length > 0) : undefined;
}

/**
 * A fetch that sends `Authorization: Bearer` from `source` on every request to the MCP server.
 * After a 401 it drops the token and tries once more with a fresh one (it expired, or the
 * server's keys rotated); after a 403 `insufficient_scope` it asks a source that can step up for
 * the challenged scopes and tries once more. A second refusal goes back to the caller.
 */
export function authorizedFetch(
  source: TokenSource,
  server: URL,
  fetchImpl: typeof fetch = fetch,
): typeof fetch {
  const attempt = async (input: string | URL | Request, init: RequestInit | undefined) => {
    const headers = new Headers(init?.headers);
    headers.set("Authorization", `Bearer ${await source.token(server)}`);
    return fetchImpl(input, { ...init, headers });
  };
  return async (input, init) => {
    const response = await attempt(input, init);
    if (init?.body instanceof ReadableStream) return response;
    if (response.status === 401) {
      await response.body?.cancel();
      source.invalidate();
      return attempt(input, init);
    }
    const scopes = source.stepUp ? challengedScopes(response) : undefined;
    if (!scopes) return response;
    await response.body?.cancel();
    source.stepUp?.(scopes);
    return attempt(input, init);
  };
}

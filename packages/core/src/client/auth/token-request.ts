/** What a token endpoint answered, as a client keeps it. */
export interface TokenAnswer {
  accessToken: string;
  refreshToken: string | undefined;
  /** Seconds the access token lives, when the server said. */
  expiresIn: number | undefined;
}

/**
 * POSTs a grant to a token endpoint (RFC 6749 section 4): HTTP Basic for a confidential client,
 * `client_id` in the body for a public one. A refusal throws with the server's `error` code, never
 * with the body (which may echo a credential).
 */
export async function requestToken(
  tokenUrl: string,
  body: URLSearchParams,
  client: { id: string; secret?: string | undefined },
  fetchImpl: typeof fetch,
): Promise<TokenAnswer> {
  const headers: Record<string, string> = {
    "Content-Type": "application/x-www-form-urlencoded",
    Accept: "application/json",
  };
  if (client.secret === undefined) body.set("client_id", client.id);
  else {
    const credentials = `${encodeURIComponent(client.id)}:${encodeURIComponent(client.secret)}`;
    headers.Authorization = `Basic ${Buffer.from(credentials).toString("base64")}`;
  }
  const response = await fetchImpl(tokenUrl, {
    method: "POST",
    headers,
    body,
    signal: AbortSignal.timeout(10_000),
  });
  const answer = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (response.status !== 200 || typeof answer.access_token !== "string") {
    const reason = typeof answer.error === "string" ? answer.error : `status ${response.status}`;
    throw new Error(`The authorization server refused the ${body.get("grant_type")} grant (${reason})`);
  }
  return {
    accessToken: answer.access_token,
    refreshToken: typeof answer.refresh_token === "string" ? answer.refresh_token : undefined,
    expiresIn: typeof answer.expires_in === "number" ? answer.expires_in : undefined,
  };
}

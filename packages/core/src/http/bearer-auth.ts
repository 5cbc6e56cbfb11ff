import type { AuthInfo } from "../protocol/transport.js";
import { type HeaderMap, headerValue } from "./http-exchange.js";
import type { BearerAuthOptions } from "./http-options.js";

export type AuthOutcome =
  | { ok: true; authInfo: AuthInfo | undefined }
  | { ok: false; status: number; headers: Record<string, string>; message: string };

/** Checks the `Authorization: Bearer` header when authentication is configured. */
export async function authenticate(
  auth: BearerAuthOptions | undefined,
  headers: HeaderMap,
): Promise<AuthOutcome> {
  if (!auth) return { ok: true, authInfo: undefined };
  const header = headerValue(headers, "authorization");
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  const token = match?.[1];
  if (!token) return refuse(auth, undefined, "Missing bearer token");
  let authInfo: AuthInfo | undefined;
  try {
    authInfo = await auth.verify(token);
  } catch {
    authInfo = undefined;
  }
  if (!authInfo) return refuse(auth, "invalid_token", "Invalid or expired token");
  if (authInfo.expiresAt !== undefined && authInfo.expiresAt * 1000 < Date.now()) {
    return refuse(auth, "invalid_token", "Token has expired");
  }
  return { ok: true, authInfo };
}

function refuse(auth: BearerAuthOptions, error: string | undefined, message: string): AuthOutcome {
  const parts = [`realm="${auth.realm ?? "mcp"}"`];
  if (error) parts.push(`error="${error}"`, `error_description="${message}"`);
  if (auth.resourceMetadataUrl) parts.push(`resource_metadata="${auth.resourceMetadataUrl}"`);
  return { ok: false, status: 401, headers: { "WWW-Authenticate": `Bearer ${parts.join(", ")}` }, message };
}

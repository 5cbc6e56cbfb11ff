import { type ClientOptions, clientCredentials, staticToken } from "@mcpkit/core";
import { UsageError } from "./errors.js";
import type { Target } from "./target.js";

/**
 * The `auth` client option for a URL target: a given token (`MCPKIT_TOKEN`), or the
 * client-credentials grant (`MCPKIT_CLIENT_ID` and `MCPKIT_CLIENT_SECRET`), discovered from the
 * server's protected resource metadata. Nothing for other targets or when none is set.
 */
export function urlAuth(target: Target, env: NodeJS.ProcessEnv): Pick<ClientOptions, "auth"> {
  if (target.kind !== "url") return {};
  const { MCPKIT_TOKEN: token, MCPKIT_CLIENT_ID: clientId, MCPKIT_CLIENT_SECRET: clientSecret } = env;
  if (token && clientId) throw new UsageError("Set MCPKIT_TOKEN or MCPKIT_CLIENT_ID, not both");
  if (token) return { auth: staticToken(token) };
  if (!clientId) return {};
  if (!clientSecret) throw new UsageError("MCPKIT_CLIENT_ID needs MCPKIT_CLIENT_SECRET");
  const scope = env.MCPKIT_SCOPE;
  return { auth: clientCredentials({ clientId, clientSecret, ...(scope ? { scope } : {}) }) };
}

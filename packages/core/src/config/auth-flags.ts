import { z } from "zod";
import { introspectionVerifier } from "../auth/introspection-verifier.js";
import { jwtVerifier } from "../auth/jwt-verifier.js";
import type { BearerAuthOptions } from "../http/http-options.js";
import { ConfigError } from "./config-error.js";
import { defineFlag, stringFlag } from "./flag.js";

const url = (name: string, help: string) =>
  defineFlag({
    kind: "string",
    name,
    help,
    placeholder: "<url>",
    schema: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
  });

/**
 * The OAuth resource-server flags every server's HTTP mode takes, as a group (`config.auth`):
 * `--auth-issuer` turns on JWT verification against the issuer's keys, `--auth-introspection-url`
 * opaque tokens by introspection; `--auth-audience` is the server's canonical URL.
 *
 * @example
 * const flags = defineFlags({ program: "weather", envPrefix: "WEATHER", summary: "...", flags: { ...serverFlags } });
 * // WEATHER_AUTH_ISSUER=https://auth.example.com WEATHER_AUTH_AUDIENCE=https://mcp.example.com/mcp
 */
export const authFlags = {
  issuer: url("auth-issuer", "OAuth authorization server whose access tokens (JWT) are accepted over HTTP"),
  audience: url("auth-audience", "This server's canonical URL, the audience its tokens must name (RFC 8707)"),
  jwksUrl: url("auth-jwks-url", "The issuer's JWKS, when its metadata cannot be discovered"),
  introspectionUrl: url("auth-introspection-url", "Introspection endpoint, for opaque access tokens"),
  clientId: stringFlag("This server's client id at the introspection endpoint", {
    name: "auth-client-id",
    placeholder: "<id>",
  }),
  clientSecret: stringFlag("This server's client secret at the introspection endpoint", {
    name: "auth-client-secret",
    placeholder: "<secret>",
  }),
  scopes: stringFlag("Scopes every request needs, space-separated; also advertised", {
    name: "auth-scopes",
    placeholder: "<scopes>",
  }),
} as const;

/** The values of `authFlags`, as `parseFlags` returns them. */
export interface AuthFlagValues {
  issuer?: string | undefined;
  audience?: string | undefined;
  jwksUrl?: string | undefined;
  introspectionUrl?: string | undefined;
  clientId?: string | undefined;
  clientSecret?: string | undefined;
  scopes?: string | undefined;
}

/**
 * The `auth` option for the auth flags' values, or undefined when neither an issuer nor an
 * introspection endpoint is given (no authentication). Throws `ConfigError` for an incomplete set.
 */
export function authOptionsFor(values: AuthFlagValues | undefined): BearerAuthOptions | undefined {
  if (!values || (values.issuer === undefined && values.introspectionUrl === undefined)) return undefined;
  const { issuer, audience, introspectionUrl, clientId, clientSecret } = values;
  if (audience === undefined)
    throw new ConfigError("--auth-audience is required with --auth-issuer or --auth-introspection-url");
  const scopes = values.scopes?.split(/[\s,]+/).filter((scope) => scope.length > 0) ?? [];
  let verify: BearerAuthOptions["verify"];
  if (introspectionUrl !== undefined) {
    if (clientId === undefined || clientSecret === undefined)
      throw new ConfigError("--auth-introspection-url needs --auth-client-id and --auth-client-secret");
    verify = introspectionVerifier({
      url: introspectionUrl,
      clientId,
      clientSecret,
      audience,
      ...(issuer === undefined ? {} : { issuer }),
    });
  } else {
    verify = jwtVerifier({
      issuer: issuer as string,
      audience,
      ...(values.jwksUrl === undefined ? {} : { jwksUrl: values.jwksUrl }),
    });
  }
  const options: BearerAuthOptions = { verify, resource: audience };
  if (issuer !== undefined) options.authorizationServers = [issuer];
  if (scopes.length > 0) {
    options.requiredScopes = scopes;
    options.scopesSupported = scopes;
  }
  return options;
}

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, type JWK } from "jose";
import Provider, { errors } from "oidc-provider";

/** A resource the authorization server issues tokens for, and in which format. */
export interface ResourceServer {
  scope: string;
  format: "jwt" | "opaque";
}

export const CLIENT = { id: "mcp-client", secret: "client-secret-0123456789" };
/** The MCP server's own credentials, for introspection. */
export const RESOURCE_SERVER = { id: "mcp-server", secret: "server-secret-0123456789" };

/**
 * A real OAuth 2.1 authorization server (oidc-provider, which nobody here wrote) on 127.0.0.1 with
 * an ephemeral port: client-credentials grant, resource indicators (audience-bound JWT or opaque
 * access tokens), introspection. `rotateKeys` starts signing with a new key, `stop` takes it off
 * the network (a JWKS endpoint that is down).
 */
export async function startAuthorizationServer(resources: Record<string, ResourceServer>) {
  let handler: (request: IncomingMessage, response: ServerResponse) => void = (_request, response) =>
    response.writeHead(503).end();
  const server = createServer((request, response) => handler(request, response));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const signingKeys: JWK[] = [];

  const addKey = async () => {
    const { privateKey } = await generateKeyPair("RS256", { extractable: true });
    const jwk = {
      ...(await exportJWK(privateKey)),
      kid: `key-${signingKeys.length + 1}`,
      alg: "RS256",
      use: "sig",
    };
    signingKeys.unshift(jwk);
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: CLIENT.id,
          client_secret: CLIENT.secret,
          grant_types: ["client_credentials"],
          redirect_uris: [],
          response_types: [],
        },
        {
          client_id: RESOURCE_SERVER.id,
          client_secret: RESOURCE_SERVER.secret,
          grant_types: [],
          redirect_uris: [],
          response_types: [],
        },
      ],
      jwks: { keys: [...signingKeys] },
      ttl: { ClientCredentials: 3600, AccessToken: 3600 },
      issueRefreshToken: async () => true,
      pkce: { required: () => true },
      features: {
        // Its built-in login and consent pages, which `signIn` fills in as a user would.
        devInteractions: { enabled: true },
        registration: { enabled: true },
        clientCredentials: { enabled: true },
        introspection: { enabled: true, allowedPolicy: async () => true },
        resourceIndicators: {
          enabled: true,
          defaultResource: async () => undefined,
          useGrantedResource: async () => false,
          getResourceServerInfo: async (_ctx: unknown, indicator: string) => {
            const resource = resources[indicator];
            if (!resource) throw new errors.InvalidTarget();
            return {
              scope: resource.scope,
              audience: indicator,
              accessTokenFormat: resource.format,
              accessTokenTTL: 3600,
              ...(resource.format === "jwt" ? { jwt: { sign: { alg: "RS256" } } } : {}),
            };
          },
        },
      },
    });
    handler = provider.callback() as typeof handler;
  };
  await addKey();

  return {
    issuer,
    /** What it issues tokens for; a test adds its server's URL once it knows its port. */
    resources,
    /** The private keys it signs with, newest first: a test forges with them or with others. */
    signingKeys,
    /** A client-credentials access token for `resource` with `scope`. */
    async token(resource: string, scope: string): Promise<string> {
      const response = await fetch(`${issuer}/token`, {
        method: "POST",
        headers: {
          Authorization: `Basic ${Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString("base64")}`,
          "Content-Type": "application/x-www-form-urlencoded",
        },
        body: new URLSearchParams({ grant_type: "client_credentials", resource, scope }),
      });
      const body = (await response.json()) as { access_token?: string };
      if (response.status !== 200 || !body.access_token)
        throw new Error(`token request failed: ${response.status} ${JSON.stringify(body)}`);
      return body.access_token;
    },
    /**
     * Plays the user's browser for an authorization URL: follows redirects with cookies, signs in
     * as `account` and consents, and returns the redirect to the client (not followed) so that
     * the test can deliver it, or tamper with it first.
     */
    async signIn(url: URL, account = "alice"): Promise<URL> {
      const cookies = new Map<string, string>();
      let next = new URL(url);
      let form: URLSearchParams | undefined;
      for (let hop = 0; hop < 20; hop++) {
        const response = await fetch(next, {
          method: form ? "POST" : "GET",
          redirect: "manual",
          headers: {
            Cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join("; "),
            ...(form ? { "Content-Type": "application/x-www-form-urlencoded" } : {}),
          },
          ...(form ? { body: form } : {}),
        });
        for (const cookie of response.headers.getSetCookie()) {
          const [pair = ""] = cookie.split(";");
          const [name = "", value = ""] = pair.split("=");
          cookies.set(name, value);
        }
        const html = await response.text();
        form = undefined;
        const location = response.headers.get("location");
        if (location) {
          next = new URL(location, next);
          if (next.origin !== issuer) return next;
          continue;
        }
        // An interaction page: the login form, or the consent form.
        const prompt =
          /name="prompt" value="(\w+)"/.exec(html)?.[1] ??
          (html.includes('name="login"') ? "login" : "consent");
        form = new URLSearchParams(
          prompt === "login" ? { prompt, login: account, password: "any" } : { prompt },
        );
      }
      throw new Error("the authorization did not come back to the client");
    },
    /** Signs with a new key from now on, still publishing the old one. */
    rotateKeys: addKey,
    async [Symbol.asyncDispose]() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

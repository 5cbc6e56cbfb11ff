import {
  FastMCP,
  type JwtVerifierOptions,
  jwtVerifier,
  type LogSink,
  principalOf,
  type TokenVerifier,
} from "../src/index.js";
import { serve } from "./http-fixture.js";

/** A server with scoped tools, a scoped resource and a scoped prompt, and `whoami` for ctx.auth. */
export function notesServer(logSink?: LogSink): FastMCP {
  const mcp = new FastMCP({
    name: "notes",
    version: "1.0.0",
    logLevel: logSink ? "debug" : "silent",
    ...(logSink ? { logSink } : {}),
  });
  mcp.tool({ name: "whoami", description: "The caller" }, (_args, ctx) =>
    JSON.stringify({
      principal: ctx.auth ? principalOf(ctx.auth) : undefined,
      clientId: ctx.auth?.clientId,
      scopes: ctx.auth?.scopes,
      issuer: ctx.auth?.issuer,
      audience: ctx.auth?.claims?.aud,
    }),
  );
  mcp.tool({ name: "read_notes", description: "Reads", scopes: ["notes:read"] }, () => "the notes");
  mcp.tool({ name: "write_note", description: "Writes", scopes: ["notes:write"] }, () => "written");
  mcp.resource("notes://all", { scopes: ["notes:read"] }, () => "all notes");
  mcp.prompt({ name: "summarise", scopes: ["notes:write"] }, () => "Summarise");
  return mcp;
}

/**
 * The notes server on HTTP behind a JWT verifier for `issuer`, whose audience is the server's own
 * URL (known once it listens), advertising `issuer` in its protected resource metadata.
 */
export async function protectedNotesServer(
  issuer: string,
  options: Partial<JwtVerifierOptions> & { transport?: "http" | "sse" } = {},
  logSink?: LogSink,
) {
  const { transport, ...verifierOptions } = options;
  let verify: TokenVerifier | undefined;
  const server = await serve(notesServer(logSink), {
    ...(transport ? { transport } : {}),
    auth: {
      verify: (token) => (verify as TokenVerifier)(token),
      authorizationServers: [issuer],
      scopesSupported: ["notes:read"],
    },
  });
  verify = jwtVerifier({ issuer, audience: server.url, jwksCooldownMs: 0, ...verifierOptions });
  return server;
}

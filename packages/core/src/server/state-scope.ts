import { ToolError } from "../errors.js";
import type { AuthInfo } from "../protocol/transport.js";
import type { ClientConnection } from "./client-connection.js";

/** A key for each connection without an HTTP session id (stdio, in memory), made on first use. */
const connectionKeys = new WeakMap<ClientConnection, string>();

/**
 * Whose `ctx.state` a request reads and writes: the authenticated principal's when the request
 * carries one (so state follows a user across sessions and replicas), else the session's. The
 * one place this is decided: a request era without sessions adds its case here.
 *
 * Throws a `ToolError` on sessionless HTTP without authentication, where no request shares
 * anything with the next.
 */
export function stateScope(session: ClientConnection, auth: AuthInfo | undefined): string {
  if (auth !== undefined) return `principal:${auth.clientId}`;
  if (session.stateless) {
    throw new ToolError(
      "This server runs in stateless HTTP mode without authentication, so no request shares a session " +
        "with the next and ctx.state has nothing to keep values for; serve it with sessions or behind auth.",
    );
  }
  return sessionScope(session);
}

/** The scope of a session's own values, which go when it closes. */
export function sessionScope(session: ClientConnection): string {
  return `session:${sessionKey(session)}`;
}

/** The session's own key: its HTTP session id, or one made for this connection. */
function sessionKey(session: ClientConnection): string {
  if (session.id !== undefined) return session.id;
  let key = connectionKeys.get(session);
  if (key === undefined) {
    key = crypto.randomUUID();
    connectionKeys.set(session, key);
  }
  return key;
}

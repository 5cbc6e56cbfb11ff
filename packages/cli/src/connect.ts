import {
  AuthUnavailableError,
  Client,
  type ClientOptions,
  CredentialFileError,
  type LogMessageNotification,
  McpError,
  type TokenSource,
} from "@mcpkit/core";
import { browserLogin } from "./browser-login.js";
import { CliError } from "./errors.js";
import { clientTarget, describeTarget, type ServeFlags, type Target } from "./target.js";
import { urlAuth } from "./url-auth.js";

/**
 * Connects a client to the target; a server that fails to start becomes a `CliError` with its
 * stderr. A URL that refuses an anonymous client with 401, when the environment gives no
 * credentials, gets the user's own (`signInAfter`).
 */
export async function connectTarget(
  target: Target,
  options: ClientOptions = {},
  flags: ServeFlags = {},
): Promise<Client> {
  const auth = urlAuth(target, process.env);
  const connect = (extra: Pick<ClientOptions, "auth">) =>
    Client.connect(clientTarget(target, flags), { name: "mcpkit-cli", ...extra, ...options });
  try {
    try {
      return await connect(auth);
    } catch (error) {
      return await connect({ auth: await signInAfter(error, target, auth) });
    }
  } catch (error) {
    throw connectError(error, target);
  }
}

/**
 * The user's tokens after connecting failed with `error`: when it is a 401 from a URL and the
 * environment gave no credentials, a browser sign-in (or the one kept from last time), done
 * before connecting again so that the user's time in the browser counts against no request
 * timeout. Rethrows `error` for any other failure, and when the server offers no sign-in.
 */
export async function signInAfter(
  error: unknown,
  target: Target,
  auth: Pick<ClientOptions, "auth">,
): Promise<TokenSource> {
  if (target.kind !== "url" || auth.auth !== undefined || !unauthorized(error)) throw error;
  const login = browserLogin(process.env);
  try {
    await login.token(new URL(target.url));
  } catch (signIn) {
    // No sign-in on offer (no protected resource metadata, its server down): the 401 is the news.
    if (!(signIn instanceof AuthUnavailableError)) throw signIn;
    throw new Error(`${(error as Error).message} (no browser sign-in: ${signIn.message})`, { cause: error });
  }
  return login;
}

/** A failure to connect as the user reads it, with a hint for a protected server. */
export function connectError(error: unknown, target: Target): CliError {
  if (error instanceof CredentialFileError) return new CliError(error.message, 1, { cause: error });
  const reason = error instanceof Error ? error.message : String(error);
  const hint =
    target.kind === "url" && /bearer token|invalid_token/i.test(reason)
      ? "\n(a protected server: set MCPKIT_TOKEN, or MCPKIT_CLIENT_ID and MCPKIT_CLIENT_SECRET)"
      : "";
  return new CliError(`Could not connect to ${describeTarget(target)}: ${reason}${hint}`, 1, {
    cause: error,
  });
}

/**
 * Whether connecting failed because the server wants a token: the SDK transports' errors carry
 * the HTTP status as `code`; the 2026 transport's carries the server's JSON-RPC error, whose
 * message is the bearer check's.
 */
function unauthorized(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if ((error as { code?: unknown }).code === 401) return true;
  return /Missing bearer token|invalid_token|HTTP 401/.test(error.message);
}

/** A server's log message as one stderr line: `[info] weather: Looking up Oslo`. */
export function printLog(message: LogMessageNotification): void {
  const data = typeof message.data === "string" ? message.data : JSON.stringify(message.data);
  const logger = message.logger ? `${message.logger}: ` : "";
  process.stderr.write(`[${message.level}] ${logger}${data}\n`);
}

/** A JSON-RPC error from the server as a CLI error, keeping its message. */
export function serverError(error: unknown, doing: string): Error {
  if (error instanceof McpError)
    return new CliError(`${doing} failed: ${error.message} (code ${error.code})`, 1, { cause: error });
  return error instanceof Error ? error : new Error(String(error));
}

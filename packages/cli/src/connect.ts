import { Client, type ClientOptions, type LogMessageNotification, McpError } from "@mcpkit/core";
import { CliError } from "./errors.js";
import { clientTarget, describeTarget, type ServeFlags, type Target } from "./target.js";
import { urlAuth } from "./url-auth.js";

/** Connects a client to the target; a server that fails to start becomes a `CliError` with its stderr. */
export async function connectTarget(
  target: Target,
  options: ClientOptions = {},
  flags: ServeFlags = {},
): Promise<Client> {
  try {
    const auth = urlAuth(target, process.env);
    return await Client.connect(clientTarget(target, flags), { name: "mcpkit-cli", ...auth, ...options });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const hint =
      target.kind === "url" && /bearer token|invalid_token/i.test(reason)
        ? "\n(a protected server: set MCPKIT_TOKEN, or MCPKIT_CLIENT_ID and MCPKIT_CLIENT_SECRET)"
        : "";
    throw new CliError(`Could not connect to ${describeTarget(target)}: ${reason}${hint}`, 1, {
      cause: error,
    });
  }
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

/** The environment variable every app reads its request-state key from. */
export const REQUEST_STATE_KEY_ENV = "MCPKIT_REQUEST_STATE_KEY";

/**
 * The `requestStateKey` server option from `MCPKIT_REQUEST_STATE_KEY`: one secret, or several
 * separated by commas to rotate (the first seals, all open). Undefined when unset, and the server
 * then seals with a random key of its process, which replicas cannot share. An environment
 * variable only: a secret on the command line is visible to every user of the machine.
 *
 * @example
 * // MCPKIT_REQUEST_STATE_KEY="$(openssl rand -base64 32),<the previous key>"
 * new FastMCP({ name: "weather", requestStateKey: requestStateKeyFrom(process.env) });
 */
export function requestStateKeyFrom(env: Readonly<Record<string, string | undefined>>): string[] | undefined {
  const keys = (env[REQUEST_STATE_KEY_ENV] ?? "")
    .split(",")
    .map((key) => key.trim())
    .filter((key) => key !== "");
  return keys.length > 0 ? keys : undefined;
}

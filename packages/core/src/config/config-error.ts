/**
 * A command line or environment variable a server cannot start with. Its message names the flag
 * and is meant for the person starting the server, so `main.ts` prints it and exits with status 2
 * rather than showing a stack trace.
 *
 * @example
 * if (!existsSync(path)) throw new ConfigError(`--config: no file at ${path}`);
 */
export class ConfigError extends Error {
  override name = "ConfigError";
}

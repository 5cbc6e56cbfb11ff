import { statSync } from "node:fs";
import { ConfigError } from "../config/config-error.js";

/**
 * Refuses to start with a root that is not an existing directory, rather than serving less than
 * asked: a `ConfigError` naming the path, for `loadConfigOrExit`.
 *
 * @example
 * const config = loadConfigOrExit(flags.program, flags.help, () => { ...; checkDirectories(roots); });
 */
export function checkDirectories(paths: readonly string[]): void {
  for (const path of paths) {
    let isDirectory = false;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch {
      isDirectory = false;
    }
    if (!isDirectory) throw new ConfigError(`${JSON.stringify(path)} is not an existing directory`);
  }
}

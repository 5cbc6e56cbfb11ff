import { ConfigError } from "./config-error.js";

/**
 * Runs a server's config parser in `main.ts`: for `"help"` it prints `help` to stdout and exits 0;
 * for a `ConfigError` it prints `<program>: <message>` and a hint to use --help to stderr and exits
 * 2; any other error is a bug and is rethrown. Returns the config otherwise.
 *
 * @example
 * const config = loadConfigOrExit("weather", HELP, () => parseConfig(process.argv.slice(2), process.env));
 */
export function loadConfigOrExit<Config>(program: string, help: string, load: () => Config | "help"): Config {
  let config: Config | "help";
  try {
    config = load();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${program}: ${error.message}\nRun with --help for usage.\n`);
    process.exit(2);
  }
  if (config === "help") {
    process.stdout.write(help);
    process.exit(0);
  }
  return config;
}

export { runCli } from "./cli.js";
export { CliError, UsageError } from "./errors.js";

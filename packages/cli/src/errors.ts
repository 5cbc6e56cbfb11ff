/** A mistake in how the command was called: its message and a pointer to `--help`; exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** A failure the user should read (server failed, unknown tool...): its message only; exit code 1. */
export class CliError extends Error {
  override name = "CliError";
  constructor(
    message: string,
    readonly exitCode = 1,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

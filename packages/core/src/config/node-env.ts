/**
 * Whether `NODE_ENV` says production. The one place core reads it, so that checks meant for
 * development and tests (such as `validateOutput: "development"`) have one switch.
 */
export function isProduction(): boolean {
  return process.env.NODE_ENV === "production";
}

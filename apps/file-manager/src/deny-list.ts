import picomatch from "picomatch";

/**
 * Secrets a file assistant has no business reading: environment files, private keys and
 * keystores, credential stores, and version-control internals (which hold remotes with tokens).
 * A pattern without "/" matches any single path segment; one with "/" matches the whole path
 * relative to its root.
 */
export const DEFAULT_DENY: readonly string[] = [
  ".env",
  ".env.*",
  "*.pem",
  "*.key",
  "*.p12",
  "*.pfx",
  "*.jks",
  "*.keystore",
  "*.kdbx",
  "id_rsa*",
  "id_dsa*",
  "id_ecdsa*",
  "id_ed25519*",
  ".ssh",
  ".gnupg",
  ".aws",
  ".azure",
  ".kube",
  ".docker",
  ".netrc",
  ".npmrc",
  ".pypirc",
  ".pgpass",
  ".git-credentials",
  ".git",
];

/** Decides whether a path relative to its root falls under the deny-list. */
export class DenyList {
  private readonly segmentMatchers: Array<{ pattern: string; test: (value: string) => boolean }>;
  private readonly pathMatchers: Array<{ pattern: string; test: (value: string) => boolean }>;

  constructor(patterns: readonly string[]) {
    const options = { dot: true, nocase: true };
    this.segmentMatchers = patterns
      .filter((pattern) => !pattern.includes("/"))
      .map((pattern) => ({ pattern, test: picomatch(pattern, options) }));
    this.pathMatchers = patterns
      .filter((pattern) => pattern.includes("/"))
      .map((pattern) => ({ pattern, test: picomatch(pattern.replace(/^\//, ""), options) }));
  }

  /** The pattern that denies `relative` ("a/b/c", "/"-separated, "" for the root), if any. */
  match(relative: string): string | undefined {
    if (relative === "") return undefined;
    const segments = relative.split("/");
    for (const segment of segments) {
      for (const matcher of this.segmentMatchers) if (matcher.test(segment)) return matcher.pattern;
    }
    // A denied directory denies everything below it, so every prefix is tested.
    for (let end = 1; end <= segments.length; end++) {
      const prefix = segments.slice(0, end).join("/");
      for (const matcher of this.pathMatchers) if (matcher.test(prefix)) return matcher.pattern;
    }
    return undefined;
  }
}

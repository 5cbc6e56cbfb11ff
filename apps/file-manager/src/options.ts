import type { ReplicaOptions, ServerLogLevel, ServerRoot } from "@mcpkit/core";

/** Bounds on every read, listing and search, so no call can exhaust memory or hang. */
export interface Limits {
  /** Largest file read whole (text, JSON, media, resources, edits), in bytes. */
  maxFileBytes: number;
  /** Most entries one listing, tree or file search returns. */
  maxEntries: number;
  /** Deepest a tree or search descends below the directory it starts in. */
  maxDepth: number;
  /** Time budget of one search, in milliseconds; past it, results come back with `truncated: true`. */
  searchTimeMs: number;
  /** Most matching lines `search_content` returns. */
  maxMatches: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxFileBytes: 10 * 1024 * 1024,
  maxEntries: 1000,
  maxDepth: 10,
  searchTimeMs: 10_000,
  maxMatches: 200,
};

/** With `ReplicaOptions`: the store, event bus and request-state key replicas share. */
export interface FileManagerOptions extends ReplicaOptions {
  /**
   * Directories from the command line; client roots narrow them (see README, "Roots"). None (the
   * default, as with no directory argument) serves the client's roots.
   */
  roots?: ServerRoot[];
  /** Registers the write tools; with no command-line roots, makes the client's roots writable. */
  allowWrite?: boolean;
  limits?: Partial<Limits>;
  /** Glob patterns of paths never read, listed, searched or written; defaults to `DEFAULT_DENY`. */
  deny?: string[];
  /** The server's own stderr log level. */
  logLevel?: ServerLogLevel;
}

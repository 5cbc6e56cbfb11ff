import { realpath, stat } from "node:fs/promises";
import { sep } from "node:path";

/** A directory a server was started with: its path, and whether tools may change files in it. */
export interface ServerRoot {
  path: string;
  writable: boolean;
}

/**
 * A root after following its symlinks. Containment is compared on these exact real paths: Linux
 * names are bytes, so "café" in NFC and NFD are two different folders and must never be merged.
 */
export interface AllowedRoot {
  real: string;
  writable: boolean;
}

/** Whether the real path `path` is `root` or lies below it. */
export function isWithin(path: string, root: string): boolean {
  if (path === root) return true;
  const prefix = root.endsWith(sep) ? root : root + sep;
  return path.startsWith(prefix);
}

/** The root at `path` with its symlinks followed, or undefined when it is not an existing directory. */
export async function toAllowedRoot(path: string, writable: boolean): Promise<AllowedRoot | undefined> {
  try {
    const real = await realpath(path);
    if (!(await stat(real)).isDirectory()) return undefined;
    return { real, writable };
  } catch {
    return undefined;
  }
}

/**
 * The one rule for narrowing a server's roots by a client's. Client roots only ever narrow: with
 * server roots, the result is their intersection (a client root inside a server root keeps that
 * root's write permission; a server root inside a client root is kept as is). `undefined` (the
 * client has no roots, or answered `roots/list` with an empty list, as the MCP Inspector does)
 * narrows nothing: the server's roots apply. Without server roots, the client's roots are used.
 * Client roots that are not existing local directories are dropped beforehand, so a client whose
 * roots are all unusable gets none.
 */
export function combineRoots(server: AllowedRoot[], client: AllowedRoot[] | undefined): AllowedRoot[] {
  if (client === undefined) return server;
  if (server.length === 0) return client;
  const combined = new Map<string, AllowedRoot>();
  for (const offered of client) {
    for (const allowed of server) {
      if (isWithin(offered.real, allowed.real))
        combined.set(offered.real, { ...offered, writable: allowed.writable });
      else if (isWithin(allowed.real, offered.real)) combined.set(allowed.real, allowed);
    }
  }
  return [...combined.values()];
}

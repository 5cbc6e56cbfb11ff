import { realpath, stat } from "node:fs/promises";
import { sep } from "node:path";
import { fileURLToPath } from "node:url";
import { type Context, type Root, ToolError } from "@mcpkit/core";
import type { RootSpec } from "./options.js";

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
 * Combines the operator's roots with the client's. Client roots only ever narrow: with
 * command-line roots, the result is their intersection (a client root inside a command-line root
 * keeps that root's write permission; a command-line root inside a client root is kept as is),
 * and `undefined` (no roots support, or an empty list) leaves the command-line roots unchanged.
 * Without command-line roots, the client's roots are used, writable only when writing was allowed
 * at start. Client roots that are not existing local directories are dropped, so a client whose
 * roots are all unusable gets none.
 */
export function combineRoots(cli: AllowedRoot[], client: AllowedRoot[] | undefined): AllowedRoot[] {
  if (client === undefined) return cli;
  if (cli.length === 0) return client;
  const combined = new Map<string, AllowedRoot>();
  for (const offered of client) {
    for (const allowed of cli) {
      if (isWithin(offered.real, allowed.real))
        combined.set(offered.real, { ...offered, writable: allowed.writable });
      else if (isWithin(allowed.real, offered.real)) combined.set(allowed.real, allowed);
    }
  }
  return [...combined.values()];
}

/**
 * The roots in force for one call. The client's roots are asked for at the start of every call
 * (core caches them per session until `roots/list_changed`), so no call runs before they are known.
 */
export class RootSource {
  private cli: Promise<AllowedRoot[]> | undefined;
  private readonly fromClient = new WeakMap<Root[], Promise<AllowedRoot[] | undefined>>();

  constructor(
    private readonly specs: RootSpec[],
    private readonly allowWrite: boolean,
  ) {}

  async forCall(context: Context): Promise<AllowedRoot[]> {
    const cli = await this.cliRoots();
    let client: AllowedRoot[] | undefined;
    if (context.client.capabilities.roots) {
      let offered: Root[];
      try {
        offered = await context.listRoots();
      } catch (error) {
        throw new ToolError("Could not get the client's roots (roots/list failed); try again.", {
          cause: error,
        });
      }
      let converted = this.fromClient.get(offered);
      if (!converted) {
        converted = this.convert(offered, context);
        this.fromClient.set(offered, converted);
      }
      client = await converted;
    }
    const roots = combineRoots(cli, client);
    if (roots.length === 0) {
      throw new ToolError(
        "No directories are shared with this server: start it with a directory argument, or share a folder (root) from the client.",
      );
    }
    return roots;
  }

  private cliRoots(): Promise<AllowedRoot[]> {
    this.cli ??= Promise.all(this.specs.map((spec) => toAllowedRoot(spec.path, spec.writable))).then(
      (roots) => roots.filter((root) => root !== undefined),
    );
    return this.cli;
  }

  private async convert(offered: Root[], context: Context): Promise<AllowedRoot[] | undefined> {
    if (offered.length === 0) return undefined;
    const converted: AllowedRoot[] = [];
    for (const root of offered) {
      const path = fileRootPath(root.uri);
      const allowed = path === undefined ? undefined : await toAllowedRoot(path, this.allowWrite);
      if (allowed) converted.push(allowed);
      else await context.warning(`Ignoring client root ${root.uri}: not an existing local directory`);
    }
    return converted;
  }
}

function fileRootPath(uri: string): string | undefined {
  try {
    const url = new URL(uri);
    if (url.protocol !== "file:" || /%2f|%5c|%00/i.test(url.pathname)) return undefined;
    return fileURLToPath(url);
  } catch {
    return undefined;
  }
}

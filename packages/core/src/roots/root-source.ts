import { fileURLToPath } from "node:url";
import { ToolError } from "../errors.js";
import type { Root } from "../protocol/types.js";
import type { Context } from "../server/context.js";
import { type AllowedRoot, combineRoots, type ServerRoot, toAllowedRoot } from "./allowed-root.js";

const NO_OVERLAP =
  "None of the client's roots is inside the directories shared with this server, so no file is available.";

/** How a `RootSource` treats client roots. */
export interface RootSourceOptions {
  /**
   * With no server roots, serve the client's roots (true), or no files at all (false, the
   * default: the server's roots are the outer bound).
   */
  clientRootsAlone?: boolean;
  /** Whether client roots served alone are writable. Defaults to false. */
  clientRootsWritable?: boolean;
}

/**
 * The roots in force for one call: the server's own, narrowed by the client's MCP roots when it
 * offers some (see `combineRoots` for the rule; an empty `roots/list` narrows nothing). The
 * client's roots are asked for at the start of every call (core caches them per session until
 * `roots/list_changed`), so no call runs before they are known.
 *
 * @example
 * const roots = new RootSource([{ path: "/srv/files", writable: false }]);
 * mcp.tool({ name: "read_text", ... }, async (args, context) => {
 *   const guard = new PathGuard(await roots.forCall(context));
 *   const { real } = await guard.resolve(args.path);
 * });
 */
export class RootSource {
  private server: Promise<AllowedRoot[]> | undefined;
  private readonly fromClient = new WeakMap<Root[], Promise<AllowedRoot[] | undefined>>();

  constructor(
    private readonly roots: readonly ServerRoot[],
    private readonly options: RootSourceOptions = {},
  ) {}

  async forCall(context: Context): Promise<AllowedRoot[]> {
    const server = await this.serverRoots();
    let client: AllowedRoot[] | undefined;
    if (context.client.capabilities.roots && (server.length > 0 || this.options.clientRootsAlone)) {
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
    const roots = combineRoots(server, client);
    if (roots.length === 0 && server.length > 0) throw new ToolError(NO_OVERLAP);
    if (roots.length === 0) {
      throw new ToolError(
        this.options.clientRootsAlone
          ? "No directories are shared with this server: start it with a directory argument, or share a folder (root) from the client."
          : "No directories are shared with this server: start it with a directory argument.",
      );
    }
    return roots;
  }

  private serverRoots(): Promise<AllowedRoot[]> {
    this.server ??= Promise.all(this.roots.map((root) => toAllowedRoot(root.path, root.writable))).then(
      (roots) => roots.filter((root) => root !== undefined),
    );
    return this.server;
  }

  private async convert(offered: Root[], context: Context): Promise<AllowedRoot[] | undefined> {
    if (offered.length === 0) return undefined;
    const converted: AllowedRoot[] = [];
    for (const root of offered) {
      const path = fileRootPath(root.uri);
      const allowed =
        path === undefined ? undefined : await toAllowedRoot(path, this.options.clientRootsWritable ?? false);
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

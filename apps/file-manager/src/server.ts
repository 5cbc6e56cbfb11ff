import { FastMCP, PathGuard, RootSource, replicaOptionsOf } from "@mcpkit/core";
import { DEFAULT_DENY, DenyList } from "./deny-list.js";
import { DEFAULT_LIMITS, type FileManagerOptions } from "./options.js";
import { registerFileResource } from "./tools/file-resource.js";
import { registerReadTools } from "./tools/read-tools.js";
import { registerSearchTools } from "./tools/search-tools.js";
import type { ToolDeps } from "./tools/tool-deps.js";
import { registerWriteTools } from "./tools/write-tools.js";

export { DEFAULT_DENY } from "./deny-list.js";
export { DEFAULT_LIMITS, type FileManagerOptions, type Limits } from "./options.js";

const INSTRUCTIONS =
  "Reads (and, when allowed, changes) files inside the folders the user shared. Paths may be absolute, " +
  "relative to the first shared folder, or file:// URIs. Start with list_directory or directory_tree; " +
  "read with read_text (in parts for big files), read_json or read_media; find with search_files and " +
  "search_content. Secrets such as .env files and private keys are never available.";

/**
 * The file-manager server: tools confined to the roots given here and, when the client offers them,
 * narrowed to the client's roots. The write tools exist only when writing is allowed.
 */
export function createFileManagerServer(options: FileManagerOptions = {}): FastMCP {
  const allowWrite = options.allowWrite ?? false;
  const serverRoots = options.roots ?? [];
  const mcp = new FastMCP({
    name: "file-manager",
    version: "0.1.0",
    instructions: INSTRUCTIONS,
    maskErrorDetails: true,
    ...(options.logLevel ? { logLevel: options.logLevel } : {}),
    ...replicaOptionsOf(options),
  });
  const roots = new RootSource(serverRoots, { clientRootsAlone: true, clientRootsWritable: allowWrite });
  const deny = new DenyList(options.deny ?? DEFAULT_DENY);
  const deps: ToolDeps = {
    guardFor: async (context) => new PathGuard(await roots.forCall(context), deny),
    limits: { ...DEFAULT_LIMITS, ...options.limits },
  };
  registerReadTools(mcp, deps);
  registerSearchTools(mcp, deps);
  if (allowWrite || serverRoots.some((root) => root.writable)) registerWriteTools(mcp, deps);
  registerFileResource(mcp, deps);
  return mcp;
}

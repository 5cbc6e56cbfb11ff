import { createHash } from "node:crypto";
import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { type CallToolResult, Client, type ClientOptions } from "@mcpkit/core";
import type { FileManagerOptions } from "./options.js";
import { createFileManagerServer } from "./server.js";

/**
 * A temporary sandbox for tests: `root` is shared with the server, `outside` is a sibling that
 * holds things no call may read or change. Removed on dispose.
 */
export interface Sandbox extends AsyncDisposable {
  base: string;
  root: string;
  outside: string;
  /** Writes files below `root` (paths "/"-separated); a directory for keys ending in "/". */
  write(files: Record<string, string | Uint8Array>, under?: string): Promise<void>;
}

export async function createSandbox(files: Record<string, string | Uint8Array> = {}): Promise<Sandbox> {
  const base = await mkdtemp(join(tmpdir(), "mcpkit-fm-"));
  const root = join(base, "root");
  const outside = join(base, "outside");
  await mkdir(root);
  await mkdir(outside);
  await writeFile(join(outside, "secret.txt"), "outside secret\n");
  const write = async (entries: Record<string, string | Uint8Array>, under = root) => {
    for (const [path, content] of Object.entries(entries)) {
      const target = join(under, path);
      if (path.endsWith("/")) {
        await mkdir(target, { recursive: true });
        continue;
      }
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, content);
    }
  };
  await write(files);
  return {
    base,
    root,
    outside,
    write,
    [Symbol.asyncDispose]: () => rm(base, { recursive: true, force: true }),
  };
}

/** Every path below `dir` with a content hash (files), link target (symlinks) and mode. */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  const visit = async (current: string, prefix: string) => {
    for (const entry of await readdir(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      const key = prefix + entry.name;
      const stats = await lstat(path);
      if (entry.isSymbolicLink()) result[key] = `link ${await readlink(path)}`;
      else if (entry.isDirectory()) {
        result[key] = `dir ${stats.mode}`;
        await visit(path, `${key}/`);
      } else {
        const hash = createHash("sha256")
          .update(await readFile(path))
          .digest("hex");
        result[key] = `file ${stats.mode} ${stats.mtimeMs} ${hash}`;
      }
    }
  };
  await visit(dir, "");
  return result;
}

/** Connects an in-memory client to a file-manager server built with `options`. */
export function connect(options: FileManagerOptions, clientOptions: ClientOptions = {}): Promise<Client> {
  return Client.connect(createFileManagerServer({ logLevel: "silent", ...options }), clientOptions);
}

/** The text of a tool result's content blocks, joined by newlines. */
export function textOf(result: CallToolResult): string {
  return result.content.map((block) => (block.type === "text" ? block.text : `[${block.type}]`)).join("\n");
}

/** A tool result's JSON text, parsed. */
export function jsonOf<T = Record<string, unknown>>(result: CallToolResult): T {
  if (result.isError) throw new Error(`Tool failed: ${textOf(result)}`);
  return JSON.parse(textOf(result)) as T;
}

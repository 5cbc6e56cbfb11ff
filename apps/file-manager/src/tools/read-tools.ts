import { createHash } from "node:crypto";
import type { Dirent, Stats } from "node:fs";
import { lstat } from "node:fs/promises";
import { join } from "node:path";
import { Audio, type FastMCP, Image, quote, sniffMimeType, ToolError } from "@mcpkit/core";
import picomatch from "picomatch";
import { z } from "zod";
import { findJsonError, resolvePointer } from "../json.js";
import { fileInfoOutput, listingOutput, type TreeNode, treeOutput } from "../outputs.js";
import { listEntryStats, openFile, openVerified, readWholeFile, tooLarge } from "../safe-fs.js";
import { decodeText, nextBoundary, previousBoundary, readHead, readTail } from "../text.js";
import { describeStop, type EntryType, entryType, type WalkState, walk } from "../walk.js";
import { READ_ONLY, type ToolDeps } from "./tool-deps.js";

const pathInput = z
  .string()
  .describe(
    "A path inside the shared folders: absolute, relative to the first shared folder, or a file:// URI",
  );

const MIN_RANGE_BYTES = 8;

function notText(given: string): ToolError {
  return new ToolError(
    `${quote(given)} is a binary file (or not UTF-8 text), so it cannot be read as text. ` +
      "Use read_media for images and audio, or get_file_info for its size and type.",
  );
}

function statType(stats: Stats): EntryType {
  if (stats.isFile()) return "file";
  if (stats.isDirectory()) return "directory";
  if (stats.isSymbolicLink()) return "symlink";
  return "other";
}

/** The read-only tools: listing, reading and inspecting files. */
export function registerReadTools(mcp: FastMCP, { guardFor, limits }: ToolDeps): void {
  mcp.tool(
    {
      name: "list_directory",
      title: "List a folder",
      description:
        "Lists the entries of one folder with their type, size in bytes and modification time. " +
        "Optionally filter names with a glob pattern such as *.ts or *.{md,txt}. Secret files are never listed.",
      input: {
        path: pathInput.default("."),
        pattern: z.string().optional().describe("Glob matched against entry names, e.g. *.json"),
      },
      output: listingOutput,
      annotations: READ_ONLY,
    },
    async ({ path, pattern }, ctx) => {
      const guard = await guardFor(ctx);
      const folder = await guard.resolve(path);
      const matches = pattern ? picomatch(pattern, { dot: true }) : () => true;
      const keep = (entry: Dirent) =>
        !guard.denied(join(folder.real, entry.name), folder.root) && matches(entry.name);
      const found = await listEntryStats(folder, guard, keep, limits.maxEntries);
      const entries = found.listed.map(({ entry, stats }) => ({
        name: entry.name,
        type: entryType(entry),
        size: stats.size,
        modified: stats.mtime.toISOString(),
      }));
      return { path: folder.display, entries, truncated: found.truncated };
    },
  );

  mcp.tool(
    {
      name: "directory_tree",
      title: "Show a folder tree",
      description:
        "Shows the folders and files below a folder as a nested tree, down to max_depth levels. " +
        "Symbolic links are shown but not followed. Use it to get an overview before reading files.",
      input: {
        path: pathInput.default("."),
        max_depth: z.number().int().min(1).optional().describe("Levels to descend (default 3)"),
      },
      output: treeOutput,
      annotations: READ_ONLY,
    },
    async ({ path, max_depth }, ctx) => {
      const guard = await guardFor(ctx);
      const folder = await guard.resolve(path);
      const maxDepth = Math.min(max_depth ?? 3, limits.maxDepth);
      const state: WalkState = { depthLimited: false, unreadable: 0, directories: 0 };
      const tree: TreeNode[] = [];
      const nodes = new Map<string, TreeNode[]>([["", tree]]);
      let count = 0;
      const walkLimits = { maxDepth, deadline: Date.now() + limits.searchTimeMs, signal: ctx.signal };
      for await (const entry of walk(folder, guard, walkLimits, state)) {
        if (++count > limits.maxEntries) {
          state.stopped = "limit";
          break;
        }
        const slash = entry.relative.lastIndexOf("/");
        const parent = nodes.get(slash < 0 ? "" : entry.relative.slice(0, slash));
        const node: TreeNode = { name: entry.relative.slice(slash + 1), type: entry.type };
        if (entry.type === "directory") {
          node.children = [];
          nodes.set(entry.relative, node.children);
        }
        parent?.push(node);
      }
      if (state.directories === 0) throw new ToolError(`${quote(path)} is not a folder that can be read.`);
      return {
        path: folder.display,
        tree,
        truncated: state.stopped !== undefined,
        ...(state.stopped ? { reason: describeStop(state.stopped, limits.maxEntries) } : {}),
        ...(state.depthLimited
          ? { note: `Folders deeper than ${maxDepth} levels are shown without their contents.` }
          : {}),
      };
    },
  );

  mcp.tool(
    {
      name: "read_text",
      title: "Read a text file",
      description:
        "Reads a UTF-8 text file: whole, or a part of it by byte offset/length, or its first (head) or last " +
        "(tail) lines. Large files must be read in parts. Never splits a character; refuses binary files.",
      input: {
        path: pathInput,
        offset: z.number().int().min(0).optional().describe("Byte offset to start at"),
        length: z.number().int().min(1).optional().describe("Number of bytes to read from offset"),
        head: z.number().int().min(1).optional().describe("Read only the first N lines"),
        tail: z.number().int().min(1).optional().describe("Read only the last N lines"),
      },
      annotations: READ_ONLY,
    },
    async ({ path, offset, length, head, tail }, ctx) => {
      const ranged = offset !== undefined || length !== undefined;
      if ([ranged, head !== undefined, tail !== undefined].filter(Boolean).length > 1) {
        throw new ToolError("Give at most one of offset/length, head or tail.");
      }
      const guard = await guardFor(ctx);
      const file = await guard.resolve(path);
      const { handle, stats } = await openFile(file, guard);
      try {
        const size = stats.size;
        if (head !== undefined || tail !== undefined) {
          const read =
            head !== undefined
              ? await readHead(handle, head, limits.maxFileBytes)
              : await readTail(handle, size, tail ?? 1, limits.maxFileBytes);
          let bytes = read.bytes;
          if (!read.complete) {
            bytes =
              head !== undefined
                ? bytes.subarray(0, previousBoundary(bytes, bytes.length))
                : bytes.subarray(nextBoundary(bytes, 0));
          }
          const text = decodeText(bytes);
          if (text === undefined) throw notText(path);
          if (read.complete) return text;
          return [
            text,
            `[Stopped at the ${limits.maxFileBytes}-byte read limit before ${head ?? tail} lines were found.]`,
          ];
        }
        if (!ranged && size > limits.maxFileBytes) throw tooLarge(path, size, limits.maxFileBytes);
        const start = offset ?? 0;
        if (start > size)
          throw new ToolError(`Offset ${start} is past the end of ${quote(path)} (${size} bytes).`);
        // At least 8 bytes: after skipping up to 3 bytes of a split character, one whole character
        // (at most 4 bytes) still fits, so every read makes progress.
        const wanted = Math.max(
          MIN_RANGE_BYTES,
          Math.min(length ?? limits.maxFileBytes, limits.maxFileBytes),
        );
        const end = Math.min(size, start + wanted);
        // One byte past the end shows whether the last character would be cut.
        const buffer = Buffer.alloc(Math.min(end + 1, size) - start);
        let filled = 0;
        while (filled < buffer.length) {
          const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, start + filled);
          if (bytesRead === 0) break;
          filled += bytesRead;
        }
        const first = nextBoundary(buffer, 0);
        const last = end < size ? previousBoundary(buffer, Math.min(end - start, filled)) : filled;
        const text = decodeText(buffer.subarray(first, Math.max(first, last)));
        if (text === undefined) throw notText(path);
        const shownStart = start + first;
        const shownEnd = start + Math.max(first, last);
        if (shownStart === 0 && shownEnd >= size) return text;
        const more = shownEnd < size ? ` Continue with offset=${shownEnd}.` : "";
        return [text, `[Bytes ${shownStart}-${shownEnd} of ${size}.${more}]`];
      } finally {
        await handle.close();
      }
    },
  );

  mcp.tool(
    {
      name: "read_json",
      title: "Read a JSON file",
      description:
        "Reads and parses a JSON file, optionally returning only the part at a JSON pointer such as " +
        "/dependencies or /items/0/name. Invalid JSON is reported with its line and column.",
      input: {
        path: pathInput,
        pointer: z
          .string()
          .optional()
          .describe('RFC 6901 JSON pointer, e.g. "/scripts/test"; omit for the whole document'),
      },
      annotations: READ_ONLY,
    },
    async ({ path, pointer }, ctx) => {
      const guard = await guardFor(ctx);
      const file = await guard.resolve(path);
      const text = decodeText(await readWholeFile(file, guard, limits.maxFileBytes));
      if (text === undefined) throw notText(path);
      let document: unknown;
      try {
        document = JSON.parse(text.replace(/^\uFEFF/, ""));
      } catch (error) {
        const found = findJsonError(text.replace(/^\uFEFF/, ""));
        const where = found ? ` at line ${found.line}, column ${found.column}: ${found.reason}` : "";
        throw new ToolError(`${quote(path)} is not valid JSON${where}.`, { cause: error });
      }
      let value: unknown;
      try {
        value = pointer === undefined ? document : resolvePointer(document, pointer);
      } catch (error) {
        throw new ToolError(`${(error as Error).message} (in ${quote(path)})`, { cause: error });
      }
      return JSON.stringify(value, null, 2) ?? "null";
    },
  );

  mcp.tool(
    {
      name: "read_media",
      title: "Read an image or audio file",
      description:
        "Returns an image (PNG, JPEG, GIF, WebP, ...) or audio file (WAV, MP3, FLAC, OGG, ...) as MCP image or " +
        "audio content. The type is recognised from the file's bytes, not its name.",
      input: { path: pathInput },
      annotations: READ_ONLY,
    },
    async ({ path }, ctx) => {
      const guard = await guardFor(ctx);
      const file = await guard.resolve(path);
      const bytes = await readWholeFile(file, guard, limits.maxFileBytes);
      const type = sniffMimeType(bytes);
      if (type?.startsWith("image/")) return Image.fromBytes(bytes, type);
      if (type?.startsWith("audio/")) return Audio.fromBytes(bytes, type);
      throw new ToolError(
        `${quote(path)} is not an image or audio file of a known format (judged by its bytes).`,
      );
    },
  );

  mcp.tool(
    {
      name: "get_file_info",
      title: "Get file information",
      description:
        "Returns a file's or folder's type, size, times and permissions, whether the path is a symbolic link, " +
        "and for files up to the read limit their SHA-256 (pass it to edit_file as expected_sha256).",
      input: { path: pathInput },
      output: fileInfoOutput,
      annotations: READ_ONLY,
    },
    async ({ path }, ctx) => {
      const guard = await guardFor(ctx);
      const target = await guard.resolve(path);
      if (!target.exists) throw new ToolError(`${quote(path)} does not exist.`);
      const link = await guard.resolve(path, { followFinal: false });
      const isLink = (await lstat(link.real).catch(() => undefined))?.isSymbolicLink() ?? false;
      const { handle, stats } = await openVerified(target, guard);
      let sha256: string | undefined;
      try {
        if (stats.isFile() && stats.size <= limits.maxFileBytes) {
          sha256 = createHash("sha256")
            .update(await handle.readFile())
            .digest("hex");
        }
      } finally {
        await handle.close();
      }
      return {
        path: target.display,
        type: statType(stats),
        size: stats.size,
        modified: stats.mtime.toISOString(),
        created: stats.birthtime.toISOString(),
        accessed: stats.atime.toISOString(),
        permissions: (stats.mode & 0o777).toString(8).padStart(3, "0"),
        symlink: isLink,
        writable: target.root.writable,
        ...(sha256 ? { sha256 } : {}),
      };
    },
  );
}

import { createHash } from "node:crypto";
import { link, lstat, mkdir, realpath, rename, unlink } from "node:fs/promises";
import { basename, dirname, join, sep } from "node:path";
import {
  describeFsError,
  type FastMCP,
  isCode,
  type PathGuard,
  quote,
  type ResolvedPath,
  ToolError,
} from "@mcpkit/core";
import { createTwoFilesPatch } from "diff";
import { z } from "zod";
import { formatBytes, inDirectory, parentOf, readWholeFile, writeAtomically } from "../safe-fs.js";
import { decodeText } from "../text.js";
import type { ToolDeps } from "./tool-deps.js";

const pathInput = z
  .string()
  .describe("A path inside a writable shared folder (absolute, relative, or file:// URI)");

function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

function checkSize(given: string, content: string, maxBytes: number): void {
  const size = Buffer.byteLength(content);
  if (size > maxBytes) {
    throw new ToolError(
      `The content for ${quote(given)} is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} limit.`,
    );
  }
}

async function requireParent(path: ResolvedPath): Promise<void> {
  const parent = await lstat(parentOf(path).real).catch(() => undefined);
  if (!parent?.isDirectory()) {
    throw new ToolError(
      `The folder of ${quote(path.given)} does not exist; create it first with create_directory.`,
    );
  }
}

interface Edit {
  old_text: string;
  new_text: string;
  replace_all?: boolean | undefined;
}

function applyEdits(given: string, original: string, edits: Edit[]): string {
  let text = original;
  edits.forEach((edit, index) => {
    const label = edits.length > 1 ? `Edit ${index + 1}` : "The edit";
    if (edit.old_text === "") throw new ToolError(`${label} has an empty old_text.`);
    const first = text.indexOf(edit.old_text);
    if (first < 0) {
      throw new ToolError(
        `${label}: old_text was not found in ${quote(given)}. Read the file again and copy the exact text.`,
      );
    }
    if (edit.replace_all) {
      text = text.split(edit.old_text).join(edit.new_text);
      return;
    }
    if (text.indexOf(edit.old_text, first + 1) >= 0) {
      const count = text.split(edit.old_text).length - 1;
      throw new ToolError(
        `${label}: old_text occurs ${count} times in ${quote(given)}. Include more surrounding text to make it unique, or set replace_all.`,
      );
    }
    text = text.slice(0, first) + edit.new_text + text.slice(first + edit.old_text.length);
  });
  return text;
}

/** The tools that change files; registered only when the server was started with writing allowed. */
export function registerWriteTools(mcp: FastMCP, { guardFor, limits }: ToolDeps): void {
  mcp.tool(
    {
      name: "write_file",
      title: "Write a file",
      description:
        "Creates a text file or replaces its whole content (UTF-8). The write is atomic: readers see the old or " +
        "the new file, never a mix. The folder must exist. To change part of a file, prefer edit_file.",
      input: { path: pathInput, content: z.string().describe("The complete new content") },
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    },
    async ({ path, content }, ctx) => {
      checkSize(path, content, limits.maxFileBytes);
      const guard = await guardFor(ctx);
      const file = await guard.resolve(path, { write: true });
      await requireParent(file);
      await writeAtomically(file, guard, content, { maxBytes: limits.maxFileBytes });
      const bytes = Buffer.byteLength(content);
      await ctx.info(`${file.exists ? "Replaced" : "Created"} ${file.display} (${bytes} bytes)`);
      return `${file.exists ? "Replaced" : "Created"} ${file.display} (${bytes} bytes, sha256 ${sha256(content)}).`;
    },
  );

  mcp.tool(
    {
      name: "edit_file",
      title: "Edit a file",
      description:
        "Replaces exact text in a UTF-8 file. Each old_text must occur exactly once unless replace_all is set; " +
        "edits apply in order. dry_run returns the unified diff without writing. Pass expected_sha256 (from " +
        "get_file_info or a previous edit) to refuse the edit if the file changed since you read it.",
      input: {
        path: pathInput,
        edits: z
          .array(
            z.object({
              old_text: z.string().describe("Exact text to replace, including whitespace"),
              new_text: z.string().describe("Replacement text"),
              replace_all: z
                .boolean()
                .optional()
                .describe("Replace every occurrence instead of requiring one"),
            }),
          )
          .min(1),
        dry_run: z.boolean().default(false).describe("Only show the diff"),
        expected_sha256: z.string().optional().describe("SHA-256 the file must still have"),
      },
      annotations: {
        readOnlyHint: false,
        destructiveHint: true,
        idempotentHint: false,
        openWorldHint: false,
      },
    },
    async ({ path, edits, dry_run, expected_sha256 }, ctx) => {
      const guard = await guardFor(ctx);
      const file = await guard.resolve(path, { write: true });
      const bytes = await readWholeFile(file, guard, limits.maxFileBytes);
      const expected = expected_sha256?.toLowerCase();
      if (expected !== undefined && sha256(bytes) !== expected) {
        throw new ToolError(
          `${quote(path)} has changed since it was read (its SHA-256 differs); read it again.`,
        );
      }
      const original = decodeText(bytes);
      if (original === undefined)
        throw new ToolError(`${quote(path)} is not UTF-8 text, so it cannot be edited as text.`);
      const updated = applyEdits(path, original, edits);
      checkSize(path, updated, limits.maxFileBytes);
      // The "Index:" and "====" banner lines are not part of a unified diff; patch tools ignore them.
      const diff = createTwoFilesPatch(file.display, file.display, original, updated, undefined, undefined, {
        context: 3,
      }).replace(/^Index: .*\n=+\n/, "");
      if (dry_run) return diff;
      const before = sha256(bytes);
      await writeAtomically(file, guard, updated, {
        maxBytes: limits.maxFileBytes,
        beforeReplace: (current) => {
          if (!current || sha256(current) !== before) {
            throw new ToolError(
              `${quote(path)} changed while it was being edited; nothing was written. Read it again.`,
            );
          }
        },
      });
      await ctx.info(`Edited ${file.display} (${edits.length} edit${edits.length === 1 ? "" : "s"})`);
      return [diff, `sha256 ${sha256(updated)}`];
    },
  );

  mcp.tool(
    {
      name: "create_directory",
      title: "Create a folder",
      description: "Creates a folder, and any missing parent folders. Succeeds if it already exists.",
      input: { path: pathInput },
      annotations: {
        readOnlyHint: false,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: false,
      },
    },
    async ({ path }, ctx) => {
      const guard = await guardFor(ctx);
      const folder = await guard.resolve(path, { write: true });
      if (folder.exists) {
        if (!(await lstat(folder.real)).isDirectory())
          throw new ToolError(`${quote(path)} exists and is not a folder.`);
        return `${folder.display} already exists.`;
      }
      await createFolders(folder, guard);
      await ctx.info(`Created folder ${folder.display}`);
      return `Created ${folder.display}.`;
    },
  );

  mcp.tool(
    {
      name: "move_path",
      title: "Move or rename",
      description:
        "Moves or renames a file or folder. destination is the full new path. An existing destination is " +
        "only replaced (files only) when overwrite is true. Both paths must be in writable shared folders.",
      input: {
        source: pathInput,
        destination: pathInput,
        overwrite: z.boolean().default(false).describe("Replace an existing destination file"),
      },
      annotations: {
        readOnlyHint: false,
        destructiveHint: true,
        idempotentHint: false,
        openWorldHint: false,
      },
    },
    async ({ source, destination, overwrite }, ctx) => {
      const guard = await guardFor(ctx);
      const from = await guard.resolve(source, { write: true, followFinal: false });
      const to = await guard.resolve(destination, { write: true, followFinal: false });
      if (!from.exists) throw new ToolError(`${quote(source)} does not exist.`);
      if (guard.roots.some((root) => root.real === from.real))
        throw new ToolError(`${quote(source)} is a shared folder itself; it cannot be moved.`);
      if (to.real === from.real) throw new ToolError("The source and destination are the same path.");
      if (to.real.startsWith(from.real + sep))
        throw new ToolError(`${quote(destination)} is inside ${quote(source)}.`);
      await requireParent(to);
      const fromStats = await lstat(from.real);
      const existing = await lstat(to.real).catch(() => undefined);
      if (existing && !overwrite)
        throw new ToolError(`${quote(destination)} already exists; set overwrite to replace it.`);
      if (existing?.isDirectory())
        throw new ToolError(`${quote(destination)} is an existing folder; it is never replaced.`);
      await inDirectory(parentOf(from), guard, (fromBase) =>
        inDirectory(parentOf(to), guard, async (toBase) => {
          const oldPath = join(fromBase, basename(from.real));
          const newPath = join(toBase, basename(to.real));
          try {
            if (!existing && !fromStats.isDirectory()) {
              // link() fails if the destination appeared meanwhile, so nothing is overwritten by surprise.
              await link(oldPath, newPath);
              await unlink(oldPath);
            } else {
              await rename(oldPath, newPath);
            }
          } catch (error) {
            throw describeFsError(error, isCode(error, "EEXIST") ? destination : source);
          }
        }),
      );
      await ctx.info(`Moved ${from.display} to ${to.display}`);
      return `Moved ${from.display} to ${to.display}.`;
    },
  );
}

/**
 * Creates the missing folders of `folder` one at a time, each inside its verified parent, so that
 * a symlink planted on the way cannot redirect the creation out of the roots.
 */
async function createFolders(folder: ResolvedPath, guard: PathGuard): Promise<void> {
  let existing = folder.real;
  const missing: string[] = [];
  while (
    !(await lstat(existing).then(
      () => true,
      () => false,
    ))
  ) {
    missing.unshift(basename(existing));
    existing = dirname(existing);
  }
  let current = await realpath(existing);
  guard.check(current, folder.given);
  for (const name of missing) {
    const parent: ResolvedPath = { ...folder, real: current, exists: true };
    await inDirectory(parent, guard, async (base) => {
      try {
        await mkdir(join(base, name));
      } catch (error) {
        if (!isCode(error, "EEXIST")) throw describeFsError(error, folder.given);
      }
    });
    const next = join(current, name);
    const stats = await lstat(next);
    if (!stats.isDirectory())
      throw new ToolError(`${quote(folder.given)}: a part of the path exists and is not a folder.`);
    current = next;
  }
}

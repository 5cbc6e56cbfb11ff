import { type FastMCP, type PathGuard, quote, type ResolvedPath, ToolError } from "@mcpkit/core";
import picomatch from "picomatch";
import { z } from "zod";
import { contentSearchOutput, fileSearchOutput } from "../outputs.js";
import { openFile } from "../safe-fs.js";
import { decodeText } from "../text.js";
import { describeStop, type WalkState, walk } from "../walk.js";
import { below, READ_ONLY, type ToolDeps } from "./tool-deps.js";

const MAX_LINE_SHOWN = 300;
/** Lines longer than this are searched only up to it, which bounds the cost of a costly regex. */
const MAX_LINE_SEARCHED = 10_000;
const PROGRESS_EVERY_MS = 200;
const PROGRESS_EVERY_FILES = 100;

const folderInput = z.string().describe("Folder to search in (inside the shared folders)").default(".");

function newState(): WalkState {
  return { depthLimited: false, unreadable: 0, directories: 0 };
}

function compileQuery(query: string, regex: boolean, caseSensitive: boolean): RegExp {
  const flags = caseSensitive ? "" : "i";
  if (!regex) return new RegExp(query.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), flags);
  try {
    return new RegExp(query, flags);
  } catch (error) {
    throw new ToolError(`Invalid regular expression ${quote(query)}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

function summary(state: WalkState, cap: number) {
  return {
    truncated: state.stopped !== undefined,
    ...(state.stopped ? { reason: describeStop(state.stopped, cap) } : {}),
    ...(state.depthLimited
      ? { note: "Some folders were deeper than the depth limit and were not searched." }
      : {}),
  };
}

/** Searches by file name and by content, bounded by depth, time and result caps. */
export function registerSearchTools(mcp: FastMCP, { guardFor, limits }: ToolDeps): void {
  const walkLimits = (signal: AbortSignal) => ({
    maxDepth: limits.maxDepth,
    deadline: Date.now() + limits.searchTimeMs,
    signal,
  });

  mcp.tool(
    {
      name: "search_files",
      title: "Find files by name",
      description:
        "Finds files and folders below a folder whose path matches a glob, e.g. **/*.test.ts or **/README.md " +
        "(a pattern without / matches names at any depth). Results are capped; truncated: true says there may be more.",
      input: {
        path: folderInput,
        glob: z.string().min(1).describe("Glob pattern, e.g. **/*.ts"),
        max_results: z.number().int().min(1).optional().describe("At most this many results"),
      },
      output: fileSearchOutput,
      annotations: READ_ONLY,
    },
    async ({ path, glob, max_results }, ctx) => {
      const guard = await guardFor(ctx);
      const folder = await guard.resolve(path);
      const cap = Math.min(max_results ?? limits.maxEntries, limits.maxEntries);
      const matches = picomatch(glob, { dot: true, basename: !glob.includes("/") });
      const state = newState();
      const found: string[] = [];
      let lastProgress = Date.now();
      for await (const entry of walk(folder, guard, walkLimits(ctx.signal), state)) {
        if (!matches(entry.relative)) continue;
        if (found.length >= cap) {
          state.stopped = "limit";
          break;
        }
        found.push(below(folder.display, entry.relative));
        if (Date.now() - lastProgress > PROGRESS_EVERY_MS) {
          lastProgress = Date.now();
          await ctx.reportProgress(
            state.directories,
            undefined,
            `${found.length} matches in ${state.directories} folders`,
          );
        }
      }
      if (state.directories === 0) throw new ToolError(`${quote(path)} is not a folder that can be read.`);
      await ctx.debug(`search_files ${glob}: ${found.length} matches in ${state.directories} folders`);
      return { path: folder.display, matches: found, ...summary(state, cap) };
    },
  );

  mcp.tool(
    {
      name: "search_content",
      title: "Search inside files",
      description:
        "Searches text files below a folder for a text (or a regular expression with regex: true) and returns " +
        "matching lines with their line numbers. Filter files with a glob such as **/*.ts. Binary files, files " +
        "over the read limit and secrets are skipped. Results are capped; truncated: true says there may be more.",
      input: {
        path: folderInput,
        query: z
          .string()
          .min(1)
          .describe("Text to find (or a JavaScript regular expression when regex is true)"),
        regex: z.boolean().default(false).describe("Treat query as a regular expression"),
        case_sensitive: z.boolean().default(false),
        glob: z.string().optional().describe("Only search files whose path matches this glob, e.g. **/*.md"),
        max_matches: z.number().int().min(1).optional().describe("At most this many matching lines"),
      },
      output: contentSearchOutput,
      annotations: READ_ONLY,
    },
    async ({ path, query, regex, case_sensitive, glob, max_matches }, ctx) => {
      const pattern = compileQuery(query, regex, case_sensitive);
      const guard = await guardFor(ctx);
      const folder = await guard.resolve(path);
      const cap = Math.min(max_matches ?? limits.maxMatches, limits.maxMatches);
      const include = glob ? picomatch(glob, { dot: true, basename: !glob.includes("/") }) : () => true;
      const state = newState();
      const matches: Array<{ path: string; line: number; text: string }> = [];
      let filesSearched = 0;
      let lastProgress = Date.now();
      search: for await (const entry of walk(folder, guard, walkLimits(ctx.signal), state)) {
        if (entry.type !== "file" || !include(entry.relative)) continue;
        const text = await readSearchable(
          { ...folder, given: entry.relative, real: entry.real },
          guard,
          limits.maxFileBytes,
        );
        if (text === undefined) continue;
        filesSearched++;
        const lines = text.split("\n");
        for (let index = 0; index < lines.length; index++) {
          const line = (lines[index] ?? "").slice(0, MAX_LINE_SEARCHED);
          if (!pattern.test(line)) continue;
          if (matches.length >= cap) {
            state.stopped = "limit";
            break search;
          }
          matches.push({
            path: below(folder.display, entry.relative),
            line: index + 1,
            text: line.trim().slice(0, MAX_LINE_SHOWN),
          });
        }
        if (filesSearched % PROGRESS_EVERY_FILES === 0 || Date.now() - lastProgress > PROGRESS_EVERY_MS) {
          lastProgress = Date.now();
          await ctx.reportProgress(
            filesSearched,
            undefined,
            `${matches.length} matches in ${filesSearched} files`,
          );
        }
      }
      if (state.directories === 0) throw new ToolError(`${quote(path)} is not a folder that can be read.`);
      await ctx.debug(`search_content: ${matches.length} matches in ${filesSearched} files`);
      return { path: folder.display, matches, files_searched: filesSearched, ...summary(state, cap) };
    },
  );
}

/** A file's text for searching, or undefined when it is binary, too large or unreadable. */
async function readSearchable(
  file: ResolvedPath,
  guard: PathGuard,
  maxBytes: number,
): Promise<string | undefined> {
  try {
    const { handle, stats } = await openFile(file, guard);
    try {
      if (stats.size > maxBytes) return undefined;
      return decodeText(await handle.readFile());
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
}

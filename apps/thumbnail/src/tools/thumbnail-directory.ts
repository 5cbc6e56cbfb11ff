import { readdir, stat } from "node:fs/promises";
import { join, parse } from "node:path";
import { type Context, type FastMCP, ToolError } from "@mcpkit/core";
import { z } from "zod";
import { FileExistsError, writeFileAtomic } from "../atomic-write.js";
import { readFileCapped } from "../image-source.js";
import { readDecodableHeader } from "../inspect-image.js";
import { EXTENSIONS, renderThumbnail, type ThumbnailRequest } from "../render-thumbnail.js";
import { thumbnailShape, toThumbnailRequest } from "../thumbnail-options.js";
import type { ThumbnailDeps } from "./thumbnail-deps.js";

const fileResult = z.object({
  file: z.string(),
  output: z.string().optional(),
  width: z.number().int().optional(),
  height: z.number().int().optional(),
  bytes: z.number().int().optional(),
  error: z.string().optional(),
});

const batchOutput = z.object({
  total: z.number().int(),
  written: z.number().int(),
  failed: z.number().int(),
  results: z.array(fileResult),
});

type FileResult = z.infer<typeof fileResult>;

export function registerThumbnailDirectory(mcp: FastMCP, deps: ThumbnailDeps): void {
  const { paths, limits, jobs } = deps;
  mcp.tool(
    {
      name: "thumbnail_directory",
      title: "Thumbnail a directory",
      description:
        "Makes a thumbnail of every image directly inside a directory and writes them to output_path as <name>.<format>. " +
        "Returns one result per file (output written, or why not); existing files are kept unless overwrite is true. " +
        "Reports progress per file and stops when cancelled.",
      input: {
        path: z.string().describe("Directory of images inside the allowed roots (not recursive)."),
        output_path: z
          .string()
          .describe("Directory to write thumbnails to, inside the allowed roots; created if missing."),
        ...thumbnailShape(limits),
        overwrite: z.boolean().default(false).describe("Replace thumbnails that already exist."),
      },
      output: batchOutput,
      annotations: {
        readOnlyHint: false,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: false,
      },
    },
    async (args, ctx) => {
      const request = toThumbnailRequest(args, limits, jobs);
      const source = await paths.resolveExisting(args.path, ctx);
      if (!(await stat(source)).isDirectory())
        throw new ToolError(`The path "${args.path}" is not a directory.`);
      const names = (await readdir(source, { withFileTypes: true }))
        .filter((entry) => entry.isFile() || entry.isSymbolicLink())
        .map((entry) => entry.name)
        .sort();
      if (names.length > limits.maxBatchFiles) {
        throw new ToolError(
          `"${args.path}" holds ${names.length} files; one call processes at most ${limits.maxBatchFiles}.`,
        );
      }
      const target = await paths.ensureDirectory(args.output_path, ctx);
      if (target === source)
        throw new ToolError(
          "output_path must be a different directory from path, so that no source image is replaced.",
        );

      const files = planOutputs(names, args.path, target, EXTENSIONS[request.format]);
      const results: FileResult[] = new Array(files.length);
      let done = 0;
      await ctx.reportProgress(0, files.length, `${files.length} files`);
      // As many files at once as the queue runs images, each still taking its slot in the queue.
      let next = 0;
      const worker = async () => {
        while (next < files.length) {
          ctx.signal.throwIfAborted();
          const index = next++;
          const file = files[index]!;
          results[index] =
            file.conflict !== undefined
              ? { file: file.name, error: file.conflict }
              : await thumbnailOne(mcp, deps, file, request, args.overwrite, ctx);
          done++;
          await ctx.reportProgress(done, files.length, file.name);
        }
      };
      await Promise.all(Array.from({ length: Math.min(jobs.concurrency, files.length) }, worker));
      const failed = results.filter((result) => result.error !== undefined).length;
      return { total: names.length, written: names.length - failed, failed, results };
    },
  );
}

interface PlannedFile {
  name: string;
  path: string;
  output: string;
  outputName: string;
  /** Why this file gets no thumbnail: an earlier file already claimed its output name. */
  conflict?: string;
}

/** Output names decided up front, in name order, so that two sources never race for one name. */
function planOutputs(names: string[], path: string, target: string, extension: string): PlannedFile[] {
  const claimed = new Map<string, string>();
  return names.map((name) => {
    const outputName = `${parse(name).name}.${extension}`;
    const planned: PlannedFile = {
      name,
      path: join(path, name),
      output: join(target, outputName),
      outputName,
    };
    const earlier = claimed.get(outputName);
    if (earlier !== undefined)
      planned.conflict = `Its thumbnail would be ${outputName}, already written for ${earlier}.`;
    else claimed.set(outputName, name);
    return planned;
  });
}

async function thumbnailOne(
  mcp: FastMCP,
  { paths, limits, queue }: ThumbnailDeps,
  file: PlannedFile,
  request: ThumbnailRequest,
  overwrite: boolean,
  ctx: Context,
): Promise<FileResult> {
  try {
    return await queue.run(
      async (hold) => {
        const real = await paths.resolveExisting(file.path, ctx);
        const label = `"${file.path}"`;
        const bytes = await readFileCapped(real, file.path, limits.maxInputBytes);
        await readDecodableHeader(bytes, label, limits, false);
        const thumbnail = await renderThumbnail(bytes, label, request, hold);
        await writeFileAtomic(file.output, thumbnail.data, overwrite);
        return {
          file: file.name,
          output: file.outputName,
          width: thumbnail.width,
          height: thumbnail.height,
          bytes: thumbnail.bytes,
        };
      },
      { signal: ctx.signal, bypassQueueLimit: true },
    );
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    if (error instanceof ToolError) return { file: file.name, error: error.message };
    if (error instanceof FileExistsError) {
      return {
        file: file.name,
        error: `${file.outputName} already exists; pass overwrite: true to replace it.`,
      };
    }
    mcp.logger.error("thumbnail_directory file failed", error, { file: file.name });
    return {
      file: file.name,
      error: "It could not be processed (an unexpected error; details are in the server log).",
    };
  }
}

import { type FastMCP, sniffMimeType, ToolError } from "@mcpkit/core";
import { readWholeFile } from "../safe-fs.js";
import { decodeText } from "../text.js";
import type { ToolDeps } from "./tool-deps.js";

/**
 * `file:///absolute/path` for any file inside the roots, under the same checks as the tools.
 * The template's variable arrives percent-decoded exactly once and is then checked as a path, so
 * an encoded "/" or ".." gains nothing; an encoded NUL is refused by the path check.
 */
export function registerFileResource(mcp: FastMCP, { guardFor, limits }: ToolDeps): void {
  mcp.resource(
    "file://{+path}",
    {
      name: "file",
      title: "A file in the shared folders",
      description:
        "Any file inside the shared folders: text as UTF-8, other files as base64 with a sniffed type.",
    },
    async ({ path }, ctx) => {
      if (!path.startsWith("/"))
        throw new ToolError(
          `Use an absolute file URI such as file:///home/me/notes.txt, not file://${path}.`,
        );
      const guard = await guardFor(ctx);
      const file = await guard.resolve(path);
      const bytes = await readWholeFile(file, guard, limits.maxFileBytes);
      const uri = `file://${encodeURI(path)}`;
      const text = decodeText(bytes);
      if (text !== undefined) return { contents: [{ uri, mimeType: "text/plain", text }] };
      const mimeType = sniffMimeType(bytes) ?? "application/octet-stream";
      return { contents: [{ uri, mimeType, blob: bytes.toString("base64") }] };
    },
  );
}

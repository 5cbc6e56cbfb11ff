import { z } from "zod";

/**
 * The shapes the listing, search and info tools return, advertised as their `outputSchema` so
 * clients get `structuredContent` as well as the JSON text.
 */

const entryType = z.enum(["file", "directory", "symlink", "other"]);

const walkSummary = {
  truncated: z.boolean().describe("True when results were cut short; `reason` says why"),
  reason: z.string().optional(),
  note: z.string().optional(),
};

export const listingOutput = z.object({
  path: z.string(),
  entries: z.array(z.object({ name: z.string(), type: entryType, size: z.number(), modified: z.string() })),
  truncated: z.boolean(),
});

export interface TreeNode {
  name: string;
  type: z.infer<typeof entryType>;
  children?: TreeNode[] | undefined;
}

const treeNode: z.ZodType<TreeNode> = z.lazy(() =>
  z.object({ name: z.string(), type: entryType, children: z.array(treeNode).optional() }),
);

export const treeOutput = z.object({ path: z.string(), tree: z.array(treeNode), ...walkSummary });

export const fileSearchOutput = z.object({ path: z.string(), matches: z.array(z.string()), ...walkSummary });

export const contentSearchOutput = z.object({
  path: z.string(),
  matches: z.array(z.object({ path: z.string(), line: z.number().int(), text: z.string() })),
  files_searched: z.number().int(),
  ...walkSummary,
});

export const fileInfoOutput = z.object({
  path: z.string(),
  type: entryType,
  size: z.number(),
  modified: z.string(),
  created: z.string(),
  accessed: z.string(),
  permissions: z.string().describe('Octal, e.g. "644"'),
  symlink: z.boolean().describe("Whether the path itself is a symbolic link"),
  writable: z.boolean().describe("Whether this server may change it"),
  sha256: z.string().optional().describe("For files up to the read limit"),
});

import { McpError } from "../errors.js";
import { ErrorCode } from "../protocol/messages.js";
import type { MethodHandler } from "./session.js";

/** Page size when the server sets none: big enough that most servers send one page, as before. */
export const DEFAULT_PAGE_SIZE = 100;

/**
 * A list method cut into pages of `pageSize` items under `key`, with an opaque `nextCursor` while
 * more remain. The handler (and the middleware around it) produces the whole list; a cursor the
 * server did not make is refused with -32602 before any work is done.
 */
export function paginated(key: string, pageSize: number, handler: MethodHandler): MethodHandler {
  return async (params, call, context) => {
    const offset = params.cursor === undefined ? 0 : decodeCursor(params.cursor);
    const result = await handler(params, call, context);
    const items = result[key];
    if (!Array.isArray(items) || (offset === 0 && items.length <= pageSize)) return result;
    const end = offset + pageSize;
    const { nextCursor: _previous, ...page } = result;
    page[key] = items.slice(offset, end);
    if (end < items.length) page.nextCursor = encodeCursor(end);
    return page;
  };
}

function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString("base64url");
}

function decodeCursor(cursor: unknown): number {
  if (typeof cursor === "string") {
    try {
      const offset = (JSON.parse(Buffer.from(cursor, "base64url").toString()) as { offset?: unknown }).offset;
      if (typeof offset === "number" && Number.isSafeInteger(offset) && offset >= 0) return offset;
    } catch {
      // Not one of ours: refused below.
    }
  }
  throw new McpError(ErrorCode.InvalidParams, `Invalid cursor: ${JSON.stringify(cursor)}`);
}

/** `pageSize` checked at start-up: a whole number of items, at least 1 (Infinity: one page). */
export function checkPageSize(pageSize: number): number {
  if (pageSize === Number.POSITIVE_INFINITY || (Number.isInteger(pageSize) && pageSize >= 1)) return pageSize;
  throw new TypeError(`pageSize must be a whole number >= 1 (or Infinity), got ${pageSize}`);
}

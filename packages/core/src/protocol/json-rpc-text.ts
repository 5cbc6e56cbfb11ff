import type { JsonRpcMessage } from "./messages.js";
import { elementStarts, memberValue } from "./raw-id.js";

const WHOLE_NUMBER = /^-?\d+$/;

/**
 * Parses a JSON-RPC message (or a batch) off the wire like `JSON.parse`, except that a whole-number
 * id too large for a double (`12345678901234567890`) becomes a `bigint` with every digit, where
 * `JSON.parse` would round it; `stringifyJsonRpc` writes it back as the same number. So does the
 * `requestId` of a `notifications/cancelled`, so that it finds the call. The common case pays a
 * check or two per message: the text is scanned again only for such an id.
 * Throws a `SyntaxError` as `JSON.parse` does.
 */
export function parseJsonRpc(text: string): unknown {
  const value: unknown = JSON.parse(text);
  if (typeof value !== "object" || value === null) return value;
  if (!Array.isArray(value)) {
    if (needsExact(value as Record<string, unknown>))
      exactIds(value as Record<string, unknown>, text, undefined);
    return value;
  }
  let starts: number[] | undefined;
  for (let index = 0; index < value.length; index++) {
    const element: unknown = value[index];
    if (typeof element !== "object" || element === null) continue;
    const message = element as Record<string, unknown>;
    if (!needsExact(message)) continue;
    starts ??= elementStarts(text);
    exactIds(message, text, starts[index]);
  }
  return value;
}

const CANCELLED = "notifications/cancelled";

function isLong(id: unknown): id is number {
  return typeof id === "number" && !Number.isSafeInteger(id);
}

function needsExact(message: Record<string, unknown>): boolean {
  if (isLong(message.id)) return true;
  return (
    message.method === CANCELLED && isLong((message.params as { requestId?: unknown } | undefined)?.requestId)
  );
}

/** The message's id, and a cancellation's `requestId`, made exact; `start` is where it begins. */
function exactIds(message: Record<string, unknown>, text: string, start: number | undefined): void {
  if (isLong(message.id)) {
    const exact = exactNumber(text, memberValue(text, "id", start));
    if (exact !== undefined) message.id = exact;
  }
  const params = message.params as Record<string, unknown> | undefined;
  if (message.method !== CANCELLED || !isLong(params?.requestId)) return;
  const where = memberValue(text, "params", start);
  const exact = where && exactNumber(text, memberValue(text, "requestId", where.start));
  if (exact !== undefined) params.requestId = exact;
}

/** Fractions and exponents are left as numbers: JSON-RPC says ids should not have them. */
function exactNumber(text: string, where: { start: number; end: number } | undefined): bigint | undefined {
  if (!where) return undefined;
  const raw = text.slice(where.start, where.end);
  return WHOLE_NUMBER.test(raw) ? BigInt(raw) : undefined;
}

/**
 * `JSON.stringify` for a message or batch whose ids may be `bigint`s from `parseJsonRpc`. A
 * `bigint` anywhere else still throws a `TypeError`, as `JSON.stringify` does.
 */
export function stringifyJsonRpc(value: JsonRpcMessage | readonly JsonRpcMessage[]): string {
  if (Array.isArray(value)) return `[${value.map(stringifyMessage).join(",")}]`;
  return stringifyMessage(value as JsonRpcMessage);
}

function stringifyMessage(message: JsonRpcMessage): string {
  if (!("id" in message) || typeof message.id !== "bigint") return JSON.stringify(message);
  const { id, ...rest } = message;
  const others = JSON.stringify(rest);
  return others === "{}" ? `{"id":${id}}` : `{"id":${id},${others.slice(1)}`;
}

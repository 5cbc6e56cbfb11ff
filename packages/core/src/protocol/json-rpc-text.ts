import type { JsonRpcMessage } from "./messages.js";
import { elementStarts, rawIdText } from "./raw-id.js";

const WHOLE_NUMBER = /^-?\d+$/;

/**
 * Parses a JSON-RPC message (or a batch) off the wire like `JSON.parse`, except that a whole-number
 * id too large for a double (`12345678901234567890`) becomes a `bigint` with every digit, where
 * `JSON.parse` would round it; `stringifyJsonRpc` writes it back as the same number. The common
 * case pays one `typeof` check per message: the text is scanned again only for such an id.
 * Throws a `SyntaxError` as `JSON.parse` does.
 */
export function parseJsonRpc(text: string): unknown {
  const value: unknown = JSON.parse(text);
  if (typeof value !== "object" || value === null) return value;
  if (!Array.isArray(value)) {
    if (hasLongId(value)) exactId(value as Record<string, unknown>, text, undefined);
    return value;
  }
  let starts: number[] | undefined;
  for (let index = 0; index < value.length; index++) {
    const element: unknown = value[index];
    if (!hasLongId(element)) continue;
    starts ??= elementStarts(text);
    exactId(element as Record<string, unknown>, text, starts[index]);
  }
  return value;
}

function hasLongId(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  const { id } = value as { id?: unknown };
  return typeof id === "number" && !Number.isSafeInteger(id);
}

/** Fractions and exponents are left as numbers: JSON-RPC says ids should not have them. */
function exactId(message: Record<string, unknown>, text: string, start: number | undefined): void {
  const raw = rawIdText(text, start);
  if (raw !== undefined && WHOLE_NUMBER.test(raw)) message.id = BigInt(raw);
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

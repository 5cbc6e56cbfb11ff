/**
 * Finds the text of a member (a message's `"id"`) in JSON that `JSON.parse` has already accepted,
 * so a numeric id too long for a double can be kept digit for digit. Node 20 has no
 * `JSON.parse` source access (`context.source` arrived in Node 21), hence this small scanner. It
 * only runs for a message whose parsed id is a number that is not a safe integer.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;

function skipSpace(text: string, index: number): number {
  let i = index;
  for (;;) {
    const code = text.charCodeAt(i);
    if (code !== 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) return i;
    i++;
  }
}

/** `index` is at an opening quote; returns the index just past the closing one. */
function skipString(text: string, index: number): number {
  let i = index + 1;
  for (;;) {
    const code = text.charCodeAt(i);
    if (code === BACKSLASH) i += 2;
    else if (code === QUOTE) return i + 1;
    else i++;
  }
}

/** `index` is at the first character of a value; returns the index just past it. */
function skipValue(text: string, index: number): number {
  const first = text.charCodeAt(index);
  if (first === QUOTE) return skipString(text, index);
  let i = index;
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    let depth = 0;
    for (;;) {
      const code = text.charCodeAt(i);
      if (code === QUOTE) {
        i = skipString(text, i);
        continue;
      }
      if (code === OPEN_BRACE || code === OPEN_BRACKET) depth++;
      else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
  }
  // A number, true, false or null runs to the next delimiter.
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === COMMA || code === CLOSE_BRACE || code === CLOSE_BRACKET || code <= 0x20) break;
    i++;
  }
  return i;
}

/**
 * Where the value of the last member named `name` of the object starting at `start` lies (as with
 * `JSON.parse`, the last duplicate wins), or undefined when there is none. `text` must be valid JSON.
 */
export function memberValue(
  text: string,
  name: string,
  start = skipSpace(text, 0),
): { start: number; end: number } | undefined {
  const quoted = JSON.stringify(name);
  let found: { start: number; end: number } | undefined;
  let i = skipSpace(text, start + 1);
  while (text.charCodeAt(i) === QUOTE) {
    const keyEnd = skipString(text, i);
    const key = text.slice(i, keyEnd);
    i = skipSpace(text, skipSpace(text, keyEnd) + 1);
    const valueEnd = skipValue(text, i);
    if (key === quoted || (key.includes("\\") && JSON.parse(key) === name))
      found = { start: i, end: valueEnd };
    i = skipSpace(text, valueEnd);
    if (text.charCodeAt(i) === COMMA) i = skipSpace(text, i + 1);
  }
  return found;
}

/** Where each element of the array starting at `start` begins. `text` must be valid JSON. */
export function elementStarts(text: string, start = skipSpace(text, 0)): number[] {
  const starts: number[] = [];
  let i = skipSpace(text, start + 1);
  while (i < text.length && text.charCodeAt(i) !== CLOSE_BRACKET) {
    starts.push(i);
    i = skipSpace(text, skipValue(text, i));
    if (text.charCodeAt(i) === COMMA) i = skipSpace(text, i + 1);
  }
  return starts;
}

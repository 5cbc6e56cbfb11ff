/**
 * JSON helpers for read_json: where a document stops being valid JSON (as line and column, which
 * V8's messages do not reliably give), and RFC 6901 JSON pointers.
 */

export interface JsonSyntaxError {
  line: number;
  column: number;
  reason: string;
}

/** The first syntax error in `text`, or undefined when it is valid JSON. */
export function findJsonError(text: string): JsonSyntaxError | undefined {
  let at = 0;
  const fail = (reason: string): never => {
    throw new PositionedError(at, reason);
  };
  const space = () => {
    while (at < text.length && " \t\n\r".includes(text[at] ?? "")) at++;
  };
  const describe = () =>
    at >= text.length ? "unexpected end of input" : `unexpected ${JSON.stringify(text[at])}`;
  const literal = (word: string) => {
    if (text.startsWith(word, at)) at += word.length;
    else fail(describe());
  };
  const string = () => {
    at++;
    while (at < text.length) {
      const char = text[at] ?? "";
      if (char === '"') {
        at++;
        return;
      }
      if (char === "\\") {
        const next = text[at + 1] ?? "";
        if (next === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(at + 2, at + 6))) fail("invalid \\u escape in a string");
          at += 6;
        } else if ('"\\/bfnrt'.includes(next) && next !== "") at += 2;
        else fail("invalid escape in a string");
        continue;
      }
      if (char < " ") fail("control character in a string (use an escape such as \\n)");
      at++;
    }
    fail("unterminated string");
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(at));
    if (!match || match[0] === "" || match[0] === "-") fail(describe());
    at += match?.[0].length ?? 0;
  };
  const value = (depth: number): void => {
    if (depth > 2000) fail("nesting too deep");
    space();
    const char = text[at];
    if (char === "{") {
      at++;
      space();
      if (text[at] === "}") {
        at++;
        return;
      }
      for (;;) {
        space();
        if (text[at] !== '"')
          fail(`expected a property name in double quotes, found ${describe().replace("unexpected ", "")}`);
        string();
        space();
        if (text[at] !== ":")
          fail(`expected ":" after a property name, found ${describe().replace("unexpected ", "")}`);
        at++;
        value(depth + 1);
        space();
        if (text[at] === ",") {
          at++;
          continue;
        }
        if (text[at] === "}") {
          at++;
          return;
        }
        fail(`expected "," or "}" in an object, found ${describe().replace("unexpected ", "")}`);
      }
    }
    if (char === "[") {
      at++;
      space();
      if (text[at] === "]") {
        at++;
        return;
      }
      for (;;) {
        value(depth + 1);
        space();
        if (text[at] === ",") {
          at++;
          continue;
        }
        if (text[at] === "]") {
          at++;
          return;
        }
        fail(`expected "," or "]" in an array, found ${describe().replace("unexpected ", "")}`);
      }
    }
    if (char === '"') string();
    else if (char === "t") literal("true");
    else if (char === "f") literal("false");
    else if (char === "n") literal("null");
    else if (char === "-" || (char !== undefined && char >= "0" && char <= "9")) number();
    else fail(describe());
  };
  try {
    value(0);
    space();
    if (at < text.length) fail(`${describe()} after the end of the JSON value`);
    return undefined;
  } catch (error) {
    if (!(error instanceof PositionedError)) throw error;
    const before = text.slice(0, error.offset);
    const line = before.split("\n").length;
    const column = error.offset - (before.lastIndexOf("\n") + 1) + 1;
    return { line, column, reason: error.message };
  }
}

class PositionedError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

/** Follows an RFC 6901 pointer ("/a/0/b~1c"); throws a message naming the first missing step. */
export function resolvePointer(document: unknown, pointer: string): unknown {
  if (pointer === "") return document;
  if (!pointer.startsWith("/")) throw new Error(`JSON pointer "${pointer}" must be empty or start with "/".`);
  let current = document;
  let walked = "";
  for (const raw of pointer.slice(1).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(current)) {
      const index = /^(0|[1-9]\d*)$/.test(key) ? Number(key) : Number.NaN;
      if (!(index < current.length)) {
        throw new Error(
          `JSON pointer "${pointer}": ${walked || "the document"} is an array of ${current.length}; no index "${key}".`,
        );
      }
      current = current[index];
    } else if (typeof current === "object" && current !== null && Object.hasOwn(current, key)) {
      current = (current as Record<string, unknown>)[key];
    } else {
      const what =
        typeof current === "object" && current !== null
          ? "has no key"
          : `is ${JSON.stringify(current)}, so it has no key`;
      throw new Error(`JSON pointer "${pointer}": ${walked || "the document"} ${what} "${key}".`);
    }
    walked += `/${raw}`;
  }
  return current;
}

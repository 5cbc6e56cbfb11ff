import { describe, expect, it } from "vitest";
import { findJsonError, resolvePointer } from "./json.js";

describe("findJsonError", () => {
  it.each([
    ['{"a": 1}', undefined],
    [' [1, 2.5e3, -0, "x\\u00e9", true, null] ', undefined],
    ['{"a": 1,}', { line: 1, column: 9, reason: 'expected a property name in double quotes, found "}"' }],
    ["[1, 2", { line: 1, column: 6, reason: 'expected "," or "]" in an array, found end of input' }],
    ['{"a": "b', { line: 1, column: 9, reason: "unterminated string" }],
    ['{"a": "\\x"}', { line: 1, column: 8, reason: "invalid escape in a string" }],
    ["{'a': 1}", { line: 1, column: 2, reason: 'expected a property name in double quotes, found "\'"' }],
    ['{"a": 01}', { line: 1, column: 8, reason: 'expected "," or "}" in an object, found "1"' }],
    ['{"a": 1}\n{"b": 2}', { line: 2, column: 1, reason: 'unexpected "{" after the end of the JSON value' }],
    ["", { line: 1, column: 1, reason: "unexpected end of input" }],
  ])("locates the error in %j", (text, expected) => {
    expect(findJsonError(text)).toEqual(expected);
  });

  it("agrees with JSON.parse on what is valid", () => {
    for (const text of ['"\t"', "1.", ".5", "+1", "[1,]", "tru", "nul", '"\\u12"', "{}", "[]", "0", '""']) {
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      expect(findJsonError(text) === undefined, text).toBe(valid);
    }
  });

  it("reports nesting too deep instead of overflowing the stack", () => {
    expect(findJsonError("[".repeat(100_000))?.reason).toBe("nesting too deep");
  });
});

describe("resolvePointer", () => {
  const document = { a: { "b/c": [10, { "~k": "v" }] }, "": "empty key" };

  it("follows RFC 6901 pointers, escapes included", () => {
    expect(resolvePointer(document, "")).toBe(document);
    expect(resolvePointer(document, "/a/b~1c/1/~0k")).toBe("v");
    expect(resolvePointer(document, "/")).toBe("empty key");
  });

  it("names the first missing step", () => {
    expect(() => resolvePointer(document, "a")).toThrow('JSON pointer "a" must be empty or start with "/".');
    expect(() => resolvePointer(document, "/a/x")).toThrow('JSON pointer "/a/x": /a has no key "x".');
    expect(() => resolvePointer(document, "/a/b~1c/01")).toThrow('/a/b~1c is an array of 2; no index "01".');
    expect(() => resolvePointer(document, "/a/b~1c/0/x")).toThrow('/a/b~1c/0 is 10, so it has no key "x".');
  });
});

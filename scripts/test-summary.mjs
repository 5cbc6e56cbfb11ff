// Prints one line for a test log, summed over every package's Vitest summary, then the name of
// each failed test (CI shows only the end of its output, so the names must come last):
//   node scripts/test-summary.mjs <log>...   ->   workspace: 740 passed, 0 failed
import { readFileSync } from "node:fs";

let passed = 0;
let failed = 0;
let skipped = 0;
const failures = new Set();
for (const file of process.argv.slice(2)) {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: Vitest's colour codes start with ESC
  const text = readFileSync(file, "utf8").replace(/\x1b\[[0-9;]*m/g, "");
  for (const line of text.split("\n")) {
    // Vitest's failure headings: " FAIL  src/a.test.ts > group > test", prefixed by turbo's "pkg:test: ".
    const failure = /^\s*(?:(\S+):test:\s+)?FAIL\s+(\S.*)$/.exec(line);
    if (failure?.[2]) failures.add(`${failure[1] ? `${failure[1]} ` : ""}${failure[2].trim()}`);
    const found = /^\s*(?:\S+:\s+)?Tests\s+(.*)$/.exec(line);
    if (!found?.[1]) continue;
    passed += Number(/(\d+) passed/.exec(found[1])?.[1] ?? 0);
    failed += Number(/(\d+) failed/.exec(found[1])?.[1] ?? 0);
    skipped += Number(/(\d+) skipped/.exec(found[1])?.[1] ?? 0);
  }
}
process.stdout.write(
  `workspace: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}\n`,
);
for (const name of failures) process.stdout.write(`failed: ${name}\n`);

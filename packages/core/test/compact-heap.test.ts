import { describe, expect, it } from "vitest";
import { shouldPreferCompactHeap } from "../src/transports/compact-heap.js";

describe("shouldPreferCompactHeap", () => {
  it("turns incremental marking off unless the process was started with a choice of its own", () => {
    expect(shouldPreferCompactHeap([], undefined)).toBe(true);
    expect(shouldPreferCompactHeap(["--enable-source-maps"], "--max-old-space-size=512")).toBe(true);
    expect(shouldPreferCompactHeap(["--incremental-marking"], undefined)).toBe(false);
    expect(shouldPreferCompactHeap([], "--no-incremental-marking")).toBe(false);
    expect(shouldPreferCompactHeap(["--incremental_marking"], "")).toBe(false);
  });
});

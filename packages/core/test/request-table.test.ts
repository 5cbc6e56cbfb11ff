import { describe, expect, it } from "vitest";
import { RequestTable } from "../src/protocol/request-table.js";

describe("RequestTable", () => {
  it("keeps number and string ids apart, including ids that are not array indices", () => {
    const table = new RequestTable<string>();
    const ids = [1, "1", 0, -1, 1.5, 2 ** 32 - 2, 2 ** 32 - 1, Number.MAX_SAFE_INTEGER, "abc", ""];
    for (const [index, id] of ids.entries()) table.set(id, `value ${index}`);
    expect(table.size).toBe(ids.length);
    for (const [index, id] of ids.entries()) expect(table.get(id)).toBe(`value ${index}`);
    expect(table.values().sort()).toEqual(ids.map((_, index) => `value ${index}`).sort());

    table.set(1, "replaced");
    expect(table.size).toBe(ids.length);
    expect(table.get(1)).toBe("replaced");
    expect(table.get("1")).toBe("value 1");
  });

  it("deletes what it holds, reports what it did not, and clears", () => {
    const table = new RequestTable<number>();
    for (let id = 0; id < 100; id++) table.set(id, id);
    table.set("x", -1);
    for (let id = 0; id < 100; id += 2) expect(table.delete(id)).toBe(true);
    expect(table.delete(0)).toBe(false);
    expect(table.delete("missing")).toBe(false);
    expect(table.size).toBe(51);
    expect(table.get(2)).toBeUndefined();
    expect(table.get(3)).toBe(3);
    const entries = table.entries();
    expect(entries).toHaveLength(51);
    expect(entries).toContainEqual([3, 3]);
    expect(entries).toContainEqual(["x", -1]);
    for (const [id] of entries) table.delete(id);
    expect(table.size).toBe(0);
    table.set(7, 7);
    table.clear();
    expect(table.size).toBe(0);
    expect(table.values()).toEqual([]);
    expect(table.get("x")).toBeUndefined();
  });
});

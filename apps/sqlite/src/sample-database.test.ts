import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { ensureSampleDatabase, generateSampleDatabase } from "./sample-database.js";
import { temporaryDirectory } from "./test-support.js";

const hashFile = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

describe("the sample shop database", () => {
  // No speed assertion: a busy machine is slow, and speed belongs in bench/.
  it("is generated with related tables and thousands of rows", () => {
    using directory = temporaryDirectory();
    const path = join(directory.path, "nested", "sample.db");
    ensureSampleDatabase(path);
    const db = new Database(path, { readonly: true });
    try {
      const count = (table: string) => db.prepare(`SELECT count(*) AS n FROM ${table}`).pluck().get();
      expect([
        count("categories"),
        count("products"),
        count("customers"),
        count("orders"),
        count("reviews"),
      ]).toEqual([6, 180, 1200, 4000, 1500]);
      expect(count("order_items")).toBeGreaterThan(9_000);
      expect(db.pragma("foreign_key_check")).toEqual([]);
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    } finally {
      db.close();
    }
    expect(readdirSync(join(directory.path, "nested"))).toEqual(["sample.db"]);
  });

  it("is the same, byte for byte, every time", () => {
    using directory = temporaryDirectory();
    generateSampleDatabase(join(directory.path, "a.db"));
    generateSampleDatabase(join(directory.path, "b.db"));
    expect(hashFile(join(directory.path, "a.db"))).toBe(hashFile(join(directory.path, "b.db")));
  });

  it("is left alone when it exists", () => {
    using directory = temporaryDirectory();
    const path = join(directory.path, "sample.db");
    generateSampleDatabase(path);
    const db = new Database(path);
    db.exec("CREATE TABLE marker (a)");
    db.close();
    ensureSampleDatabase(path);
    const reopened = new Database(path, { readonly: true });
    expect(reopened.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'marker'").pluck().get()).toBe(
      1,
    );
    reopened.close();
  });

  it("survives several processes generating it at once", async () => {
    using directory = temporaryDirectory();
    const path = join(directory.path, "sample.db");
    const script = `import { ensureSampleDatabase } from ${JSON.stringify(new URL("./sample-database.ts", import.meta.url).href)};
      ensureSampleDatabase(${JSON.stringify(path)});`;
    const codes = await Promise.all(
      [1, 2, 3].map(
        () =>
          new Promise<number | null>((resolve) => {
            const child = spawn(
              process.execPath,
              ["--import", "tsx", "--input-type=module", "--eval", script],
              {
                stdio: "inherit",
              },
            );
            child.on("exit", resolve);
          }),
      ),
    );
    expect(codes).toEqual([0, 0, 0]);
    expect(readdirSync(directory.path)).toEqual(["sample.db"]);
    const db = new Database(path, { readonly: true });
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    db.close();
  });
});

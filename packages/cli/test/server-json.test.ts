import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { describe, expect, it } from "vitest";
import { PUBLISHED_APPS } from "../src/npx-entry.js";
import { listApps } from "../src/workspace.js";
import { workspaceDir } from "./run-mcpkit.js";

// ajv-formats is CommonJS: under NodeNext its default import is the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const schemaFile = join(workspaceDir, "packages", "cli", "schemas", "server.schema.json");
const schemaText = readFileSync(schemaFile, "utf8");
const schema = JSON.parse(schemaText) as { $id: string };
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(schema);
const read = (path: string) => JSON.parse(readFileSync(path, "utf8"));

describe("server.json for the MCP Registry", () => {
  it("is the registry's published schema, byte for byte", () => {
    expect(createHash("sha256").update(schemaText).digest("hex")).toBe(
      "3fba09590c99f61735d234822279f4223fab9e300c0a81e81c91ab62a4114de0",
    );
  });

  it("every published app has one, valid against the schema and agreeing with its package.json", () => {
    expect(listApps(workspaceDir)).toEqual([...PUBLISHED_APPS]);
    for (const app of PUBLISHED_APPS) {
      const dir = join(workspaceDir, "apps", app);
      const server = read(join(dir, "server.json"));
      const pkg = read(join(dir, "package.json"));
      expect(validate(server), `${app}: ${ajv.errorsText(validate.errors)}`).toBe(true);
      expect(server.$schema).toBe(schema.$id);
      // The registry checks that the npm package names this server in `mcpName`.
      expect(server.name).toBe(pkg.mcpName);
      expect(server.version).toBe(pkg.version);
      expect(server.packages).toEqual([
        expect.objectContaining({
          registryType: "npm",
          identifier: pkg.name,
          version: pkg.version,
          transport: { type: "stdio" },
        }),
      ]);
      expect(server.repository.subfolder).toBe(`apps/${app}`);
      // The README opens (after its title) with the one-line client config a user copies.
      const [title, blank, line] = readFileSync(join(dir, "README.md"), "utf8").split("\n");
      expect([title, blank]).toEqual([`# ${pkg.name}`, ""]);
      const config = JSON.parse(`{${line?.replace(/^`|`$/g, "")}}`);
      expect(config[app]).toEqual({ command: "npx", args: ["-y", pkg.name, ...config[app].args.slice(2)] });
    }
  });

  it("rejects what the registry rejects: a long description, a version range, a bad name", () => {
    const good = read(join(workspaceDir, "apps", "weather", "server.json"));
    expect(validate(good)).toBe(true);
    expect(validate({ ...good, description: "x".repeat(101) })).toBe(false);
    expect(validate({ ...good, name: "weather" })).toBe(false);
    expect(validate({ ...good, packages: [{ ...good.packages[0], version: "latest" }] })).toBe(false);
    expect(
      validate({ ...good, packages: [{ ...good.packages[0], transport: { type: "carrier-pigeon" } }] }),
    ).toBe(false);
  });
});

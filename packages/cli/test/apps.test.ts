import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Client } from "@mcpkit/core";
import { describe, expect, it } from "vitest";
import { splitCommand } from "../src/target.js";
import { cliDir, mcpkit, mcpkitCommand, workspaceDir } from "./run-mcpkit.js";

/** The `pnpm mcpkit call weather ...` examples of the READMEs, as argument lists. */
function weatherCallExamples(): string[][] {
  const readmes = [join(workspaceDir, "README.md"), join(cliDir, "README.md")];
  return readmes.flatMap((file) =>
    [...readFileSync(file, "utf8").matchAll(/^pnpm mcpkit (call weather [^#\n]*)/gm)].map((found) =>
      splitCommand(found[1] ?? ""),
    ),
  );
}

// The reference apps, spawned from source the way `mcpkit <command> <app>` runs them.
describe("commands against the reference apps", () => {
  it("lists and calls the weather app, offline, with its flags after --", async () => {
    const listed = await mcpkit(["list", "weather", "--", "--offline"]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^weather /);
    expect(listed.stdout).toContain("get_forecast(");
    const called = await mcpkit(["call", "weather", "get_weather", "city=Reykjavik", "--", "--offline"]);
    expect(called.code).toBe(0);
    expect(called.stdout).toContain("Current weather in Reykjav");
    expect(called.stderr).toContain("[info] weather: Resolved");
  });

  it("lists every tool of a server that sends its lists in pages, following the cursors", async () => {
    const listed = await mcpkit(["list", "everything", "--", "--page-size", "2"]);
    expect(listed.code).toBe(0);
    for (const tool of ["json_schema_2020_12_tool", "test_simple_text", "update_watched_resource"]) {
      expect(listed.stdout).toContain(`${tool}(`);
    }
  });

  it("answers the READMEs' weather call examples offline, as they promise", async () => {
    const examples = weatherCallExamples();
    expect(examples.length).toBeGreaterThanOrEqual(2);
    for (const args of examples) {
      expect(args.slice(-2)).toEqual(["--", "--offline"]);
      const called = await mcpkit(args);
      expect({ args, code: called.code, stderr: called.stderr }).toMatchObject({ code: 0 });
      expect(called.stdout).toContain("Current weather in");
    }
  });

  it("calls, reads and prompts the sqlite app's sample database", async () => {
    const tables = await mcpkit(["call", "sqlite", "list_tables"]);
    expect(tables.code).toBe(0);
    expect(tables.stdout).toMatch(/^name\s+type\s+row_count\s+column_count\n/);
    expect(tables.stdout).toMatch(/customers\s+table\s+1200/);
    const schema = await mcpkit(["read", "sqlite", "schema://tables"]);
    expect(schema.code).toBe(0);
    expect(schema.stdout).toContain("CREATE TABLE");
    const prompt = await mcpkit(["prompt", "sqlite", "explore_database"]);
    expect(prompt.code).toBe(0);
    expect(prompt.stdout).toMatch(/^user: /m);
    const unknown = await mcpkit(["call", "sqlite", "list_table"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Did you mean "list_tables"?');
  });

  it("serves every app mounted under its prefix as `all`, without network", { timeout: 60_000 }, async () => {
    await using client = await Client.connect({
      ...mcpkitCommand,
      args: [...mcpkitCommand.args, "run", "all"],
      stderr: "pipe",
    });
    expect(client.serverInfo.name).toBe("mcpkit-all");
    const names = (await client.listTools()).map((tool) => tool.name);
    for (const tool of [
      "weather_get_forecast",
      "sqlite_list_tables",
      "file_manager_read_text",
      "everything_test_simple_text",
    ]) {
      expect(names).toContain(tool);
    }
    const templates = (await client.listResourceTemplates()).map((template) => template.uriTemplate);
    expect(templates).toContain("weather://weather/{city}/forecast");
    const called = await client.callTool("weather_get_weather", { city: "Sydney" });
    expect(called.content[0]).toMatchObject({ text: expect.stringContaining("Current weather in Sydney") });
    const tables = await client.readResource("schema://sqlite/tables/customers");
    expect(tables.contents[0]?.uri).toBe("schema://sqlite/tables/customers");
  });
});

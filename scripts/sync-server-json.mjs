// After `changeset version` (pnpm version-packages): copies each app's new package.json version
// into its server.json, the entry for the MCP Registry, where it appears twice (the server's
// version and its npm package's). packages/cli/test/server-json.test.ts fails if they disagree.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { publishedPackages } from "./pack.mjs";

for (const pkg of publishedPackages()) {
  const file = join(pkg.dir, "server.json");
  if (!existsSync(file)) continue;
  const server = JSON.parse(readFileSync(file, "utf8"));
  server.version = pkg.version;
  for (const entry of server.packages ?? []) if (entry.identifier === pkg.name) entry.version = pkg.version;
  writeFileSync(file, `${JSON.stringify(server, null, 2)}\n`);
}

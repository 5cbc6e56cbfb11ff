import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Client } from "@mcpkit/core";
import { BUNDLE_SETTINGS } from "../bundle/app-settings.js";
import { bundleFiles } from "../bundle/bundle-files.js";
import { type BundledPackage, bundleManifest } from "../bundle/bundle-manifest.js";
import { writeZip } from "../bundle/zip.js";
import { defineCommand } from "../command.js";
import { ensureBuilt } from "../ensure-built.js";
import { CliError, UsageError } from "../errors.js";
import { PUBLISHED_APPS } from "../npx-entry.js";
import { didYouMean } from "../suggest.js";
import { appDir } from "../workspace.js";

export const bundleCommand = defineCommand({
  name: "bundle",
  summary: "Pack an app as an MCP bundle (.mcpb) for one-click install in Claude Desktop",
  help: `Usage: mcpkit bundle <app> [--out <file>]

Writes an MCP bundle (.mcpb): a zip of manifest.json, the app's build (server/) and its production
dependencies (node_modules/, native addons compiled for this platform). The manifest lists the
app's tools and prompts (asked from the app itself) and the settings Claude Desktop asks for on
install: the folders for file-manager and thumbnail, the database for sqlite, the config file
for api-gateway. Check it with the official tool: npx @anthropic-ai/mcpb validate <manifest.json>.

Apps: ${PUBLISHED_APPS.join(", ")} (built first if needed)

Options:
  --out <file>   Where to write the bundle (default: ./<app>-<version>.mcpb)
  -h, --help     Show this help`,
  options: { out: { type: "string" } },
  async run({ values, positionals }) {
    const [app, ...extra] = positionals;
    if (!app) throw new UsageError(`Name an app: ${PUBLISHED_APPS.join(", ")}`);
    if (extra.length > 0) throw new UsageError(`Unexpected arguments: ${extra.join(" ")}`);
    const settings = BUNDLE_SETTINGS[app];
    const dir = appDir(app);
    if (!settings || !dir)
      throw new UsageError(
        `"${app}" is not a published app of this workspace.${didYouMean(app, PUBLISHED_APPS)} Apps: ${PUBLISHED_APPS.join(", ")}`,
      );
    ensureBuilt(app, dir);
    const read = (file: string) => JSON.parse(readFileSync(join(dir, file), "utf8"));
    const pkg: BundledPackage = { ...read("package.json"), app, title: read("server.json").title };
    const listed = await listApp(dir, settings.listing);
    const files = bundleFiles(dir);
    const native = files.some((file) => file.path.endsWith(".node"));
    const manifest = bundleManifest(pkg, settings, listed, native ? [process.platform] : undefined);
    const zip = writeZip([
      { path: "manifest.json", data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), mode: 0o644 },
      ...files,
    ]);
    const out = resolve(values.out ?? `${app}-${pkg.version}.mcpb`);
    writeFileSync(out, zip);
    const size = `${(zip.length / 1024 / 1024).toFixed(1)} MiB`;
    process.stdout.write(
      `Wrote ${out} (${size}, ${files.length + 1} files): ${listed.tools.length} tools, ${listed.prompts.length} prompts${native ? `, native addons for ${process.platform}-${process.arch} only` : ""}\n`,
    );
    return 0;
  },
});

/** The app's tools and prompts, from the built app itself started with harmless settings. */
async function listApp(dir: string, listing: { args: string[]; env?: Record<string, string> }) {
  try {
    await using client = await Client.connect(
      {
        command: process.execPath,
        args: [join(dir, "dist", "main.js"), "--log-level", "warning", ...listing.args],
        cwd: dir,
        stderr: "pipe",
        ...(listing.env ? { env: listing.env } : {}),
      },
      { name: "mcpkit-bundle" },
    );
    const capabilities = client.serverCapabilities ?? {};
    const tools = capabilities.tools ? await client.listTools() : [];
    const prompts = capabilities.prompts ? await client.listPrompts() : [];
    return { tools, prompts };
  } catch (error) {
    throw new CliError(`Could not start ${dir} to list its tools: ${(error as Error).message}`, 1, {
      cause: error,
    });
  }
}

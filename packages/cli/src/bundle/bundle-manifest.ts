// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${__dirname} and ${user_config.<key>} are MCPB placeholders the client fills in
import type { BundleSettings } from "./app-settings.js";

/** The MCPB manifest version written: the one Claude Desktop and `mcpb validate` both accept. */
export const MANIFEST_VERSION = "0.3";

export interface BundledPackage {
  app: string;
  name: string;
  version: string;
  description: string;
  title: string;
  license?: string;
  keywords?: string[];
  homepage?: string;
  repository?: { type: string; url: string };
  engines?: { node?: string };
}

export interface ListedTool {
  name: string;
  description?: string | undefined;
}

export interface ListedPrompt extends ListedTool {
  arguments?: Array<{ name: string }> | undefined;
}

const described = <T extends ListedTool>(item: T) =>
  item.description ? { name: item.name, description: item.description } : { name: item.name };

/**
 * The manifest.json of an app's bundle: what Claude Desktop shows before installing (tools,
 * prompts, the settings to fill in) and how it starts the server, with the bundle's own copy of
 * the app under `server/` run by the Node that Claude Desktop ships.
 */
export function bundleManifest(
  pkg: BundledPackage,
  settings: BundleSettings,
  listed: { tools: ListedTool[]; prompts: ListedPrompt[] },
  platforms: NodeJS.Platform[] | undefined,
): Record<string, unknown> {
  const entry = "server/dist/main.js";
  const hasEnv = Object.keys(settings.env).length > 0;
  return {
    manifest_version: MANIFEST_VERSION,
    name: `mcpkit-${pkg.app}`,
    display_name: pkg.title,
    version: pkg.version,
    description: pkg.description,
    author: { name: "the mcpkit contributors" },
    ...(pkg.repository ? { repository: { type: "git", url: pkg.repository.url.replace(/^git\+/, "") } } : {}),
    ...(pkg.homepage ? { homepage: pkg.homepage } : {}),
    ...(pkg.license ? { license: pkg.license } : {}),
    ...(pkg.keywords ? { keywords: pkg.keywords } : {}),
    server: {
      type: "node",
      entry_point: entry,
      mcp_config: {
        command: "node",
        args: [`\${__dirname}/${entry}`, ...settings.args],
        ...(hasEnv ? { env: settings.env } : {}),
      },
    },
    tools: listed.tools.map(described),
    // The gateway's tools depend on the config the user picks: its OpenAPI upstreams add tools.
    tools_generated: pkg.app === "api-gateway",
    prompts: listed.prompts.map((prompt) => ({
      ...described(prompt),
      ...(prompt.arguments?.length ? { arguments: prompt.arguments.map((argument) => argument.name) } : {}),
      text: prompt.description ?? prompt.name,
    })),
    ...(Object.keys(settings.userConfig).length > 0 ? { user_config: settings.userConfig } : {}),
    compatibility: {
      ...(platforms ? { platforms } : {}),
      runtimes: { node: pkg.engines?.node ?? ">=20.19" },
    },
  };
}

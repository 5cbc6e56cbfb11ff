// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${__dirname} and ${user_config.<key>} are MCPB placeholders the client fills in
/** One setting Claude Desktop asks the user for when the bundle is installed (MCPB `user_config`). */
export interface UserConfigField {
  type: "string" | "number" | "boolean" | "directory" | "file";
  title: string;
  description: string;
  required?: boolean;
  multiple?: boolean;
  sensitive?: boolean;
  default?: string | number | boolean | string[];
}

/** How a bundled app is configured and started: its settings, and the command line they fill in. */
export interface BundleSettings {
  userConfig: Record<string, UserConfigField>;
  /** Server arguments after the entry; `${user_config.<key>}` is filled in by the client. */
  args: string[];
  env: Record<string, string>;
  /** How `mcpkit bundle` starts the app to list its tools and prompts (offline, harmless). */
  listing: { args: string[]; env?: Record<string, string> };
}

/**
 * Each published app's bundle settings: the things it cannot run without (folders, a database, a
 * gateway config) become settings the user fills in, passed through the environment variables
 * each app's config.ts reads, so an empty optional setting means "not set".
 */
export const BUNDLE_SETTINGS: Record<string, BundleSettings> = {
  sqlite: {
    userConfig: {
      database: {
        type: "file",
        title: "SQLite database",
        description: "The SQLite file to query, opened read-only. Leave empty for the sample shop database.",
        required: false,
      },
    },
    args: [],
    env: { SQLITE_DB: "${user_config.database}" },
    listing: { args: [] },
  },
  "file-manager": {
    userConfig: {
      folders: {
        type: "directory",
        title: "Shared folders",
        description: "The folders the model may read (and write, if allowed below). Nothing outside them.",
        required: true,
        multiple: true,
      },
      allow_write: {
        type: "boolean",
        title: "Allow writing",
        description: "Let the model create, edit and move files inside the shared folders.",
        required: false,
        default: false,
      },
    },
    args: ["${user_config.folders}"],
    env: { FILE_MANAGER_ALLOW_WRITE: "${user_config.allow_write}" },
    listing: { args: ["--allow-write"] },
  },
  thumbnail: {
    userConfig: {
      folders: {
        type: "directory",
        title: "Image folders",
        description: "The folders whose images the tools may read, and where thumbnails are written.",
        required: true,
        multiple: true,
      },
    },
    args: ["${user_config.folders}"],
    env: {},
    listing: { args: [] },
  },
  weather: {
    userConfig: {
      offline: {
        type: "boolean",
        title: "Offline demo",
        description: "Answer from recorded responses (a few cities) instead of asking Open-Meteo.",
        required: false,
        default: false,
      },
    },
    args: [],
    env: { WEATHER_OFFLINE: "${user_config.offline}" },
    listing: { args: ["--offline"] },
  },
  "api-gateway": {
    userConfig: {
      config: {
        type: "file",
        title: "Gateway config",
        description:
          "The .yaml or .json file that declares the APIs the model may call (see the README). Secrets go in environment variables it names.",
        required: true,
      },
    },
    args: [],
    env: { API_GATEWAY_CONFIG: "${user_config.config}" },
    // The tools that do not depend on the config; an upstream's OpenAPI operations add more.
    listing: { args: ["--config", "examples/gateway.yaml"], env: { PETSTORE_TOKEN: "listing-only" } },
  },
  everything: { userConfig: {}, args: [], env: {}, listing: { args: [] } },
};

import type { Implementation } from "../protocol/types.js";
import type { FastMCPOptions } from "./server-options.js";

/** Who the server says it is: `initialize`'s `serverInfo`, and every 2026 result's `_meta`. */
export function serverInfoOf(options: FastMCPOptions): Implementation {
  const { name, version = "0.1.0", title, websiteUrl, icons } = options;
  const serverInfo: Implementation = { name, version };
  if (title !== undefined) serverInfo.title = title;
  if (websiteUrl !== undefined) serverInfo.websiteUrl = websiteUrl;
  if (icons !== undefined) serverInfo.icons = icons;
  return serverInfo;
}

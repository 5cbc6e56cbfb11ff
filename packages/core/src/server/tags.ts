import type { Meta } from "../protocol/types.js";

/**
 * The `_meta` key under which a component's tags are listed, so that a client (or a proxy in
 * front of this server) can filter by them too, as Python FastMCP lists them under `_fastmcp`.
 */
export const TAGS_META = "mcpkit/tags";

/** A component as the visibility rules see it: what kind it is, its name, its tags. */
export interface Component {
  readonly kind: ComponentKind;
  /** A tool's or prompt's name, a resource's URI, a template's URI template. */
  readonly key: string;
  readonly tags: ReadonlySet<string>;
}

export type ComponentKind = "tool" | "resource" | "template" | "prompt";

/** Checks and de-duplicates the tags a component is registered with. */
export function toTags(owner: string, tags: readonly string[] | undefined): ReadonlySet<string> {
  if (tags === undefined) return NO_TAGS;
  for (const tag of tags) {
    if (typeof tag !== "string" || tag === "") throw new TypeError(`${owner} has an empty or non-string tag`);
  }
  return new Set(tags);
}

/** `_meta` with the tags listed under `TAGS_META`, or `_meta` as given when there are none. */
export function metaWithTags(meta: Meta | undefined, tags: ReadonlySet<string>): Meta | undefined {
  if (tags.size === 0) return meta;
  return { ...meta, [TAGS_META]: [...tags] };
}

/** The tags another server listed in a component's `_meta`, for a proxy to filter by them too. */
export function tagsInMeta(meta: Meta | undefined): string[] | undefined {
  const tags = meta?.[TAGS_META];
  if (!Array.isArray(tags) || !tags.every((tag) => typeof tag === "string" && tag !== "")) return undefined;
  return tags;
}

const NO_TAGS: ReadonlySet<string> = new Set();

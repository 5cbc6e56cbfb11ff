import { requireScopes } from "../auth/component-scopes.js";
import type {
  Annotations,
  Icon,
  Meta,
  ReadResourceResult,
  Resource,
  ResourceContents,
  ResourceTemplate,
} from "../protocol/types.js";
import { type TemplateParams, UriTemplate } from "../protocol/uri-template.js";
import type { CacheHint } from "./cache-hint.js";
import type { Completers } from "./completion.js";
import type { Context } from "./context.js";
import { type Component, metaWithTags, toTags } from "./tags.js";

type MaybePromise<T> = T | Promise<T>;

export interface ResourceOptions {
  name?: string;
  title?: string;
  description?: string;
  mimeType?: string;
  annotations?: Annotations;
  icons?: Icon[];
  size?: number;
  _meta?: Meta;
  /** For templates: suggestions for each variable (`completion/complete`). */
  complete?: Completers;
  /** For templates: the concrete resources it currently serves, added to `resources/list`. */
  list?: () => MaybePromise<Resource[]>;
  /** Labels for `includeTags`/`excludeTags`, `enable`/`disable` and `ctx.hide`; listed in `_meta`. */
  tags?: readonly string[];
  /**
   * OAuth scopes a caller's token must carry to see and use this component; a caller without them
   * does not find it in the list and is refused (HTTP 403 with the step-up challenge). Checked
   * only for authenticated requests: stdio and unauthenticated HTTP serve everything.
   */
  scopes?: string[];
  /** How long 2026-07-28 clients may cache a read of it; overrides the server's `cache`. */
  cache?: CacheHint;
}

/** Every key of `ResourceOptions`, checked at registration so that a misspelt option is an error. */
export const RESOURCE_OPTION_KEYS = {
  name: true,
  title: true,
  description: true,
  mimeType: true,
  annotations: true,
  icons: true,
  size: true,
  _meta: true,
  complete: true,
  list: true,
  tags: true,
  scopes: true,
  cache: true,
} as const satisfies Record<keyof ResourceOptions, true>;

/**
 * What a resource handler returns: text, bytes (sent as a base64 blob), a value sent as JSON,
 * or full contents for full control.
 */
export type ResourceValue = string | Uint8Array | ReadResourceResult | ResourceContents[] | unknown;

export type ResourceHandler<U extends string, L = unknown> = (
  params: TemplateParams<U>,
  context: Context<L>,
) => MaybePromise<ResourceValue>;

/** A static resource or a resource template as registered on a server. */
export class RegisteredResource {
  readonly template: UriTemplate | undefined;
  /** The resource or template as visibility rules see it. */
  readonly component: Component;

  constructor(
    readonly uri: string,
    readonly options: ResourceOptions,
    private readonly handler: (
      params: Record<string, string>,
      context: Context,
    ) => MaybePromise<ResourceValue>,
    readonly remove: () => void,
  ) {
    this.template = UriTemplate.isTemplate(uri) ? new UriTemplate(uri) : undefined;
    const tags = toTags(`Resource "${uri}"`, options.tags);
    this.component = { kind: this.template ? "template" : "resource", key: uri, tags };
  }

  get tags(): ReadonlySet<string> {
    return this.component.tags;
  }

  get isTemplate(): boolean {
    return this.template !== undefined;
  }

  /** The variables when `uri` is served by this resource, else undefined. */
  match(uri: string): Record<string, string> | undefined {
    if (!this.template) return uri === this.uri ? {} : undefined;
    return this.template.match(uri);
  }

  asResource(): Resource {
    return { uri: this.uri, name: this.options.name ?? this.uri, ...this.describe() };
  }

  asTemplate(): ResourceTemplate {
    return { uriTemplate: this.uri, name: this.options.name ?? this.uri, ...this.describe() };
  }

  async read(uri: string, params: Record<string, string>, context: Context): Promise<ReadResourceResult> {
    requireScopes(context.auth, this.options.scopes, `the resource ${uri}`);
    const value = await this.handler(params, context);
    return toReadResourceResult(uri, value, this.options.mimeType);
  }

  private describe() {
    const { title, description, mimeType, annotations, icons, size } = this.options;
    const _meta = metaWithTags(this.options._meta, this.component.tags);
    return dropUndefined({ title, description, mimeType, annotations, icons, size, _meta });
  }
}

export function toReadResourceResult(
  uri: string,
  value: unknown,
  mimeType: string | undefined,
): ReadResourceResult {
  if (typeof value === "string")
    return { contents: [{ uri, mimeType: mimeType ?? "text/plain", text: value }] };
  if (value instanceof Uint8Array) {
    const blob = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64");
    return { contents: [{ uri, mimeType: mimeType ?? "application/octet-stream", blob }] };
  }
  if (isReadResourceResult(value)) return value;
  if (Array.isArray(value) && value.length > 0 && value.every(isResourceContents)) return { contents: value };
  const text = JSON.stringify(value ?? null, null, 2);
  return { contents: [{ uri, mimeType: mimeType ?? "application/json", text }] };
}

function isReadResourceResult(value: unknown): value is ReadResourceResult {
  const contents = (value as { contents?: unknown } | null)?.contents;
  return Array.isArray(contents) && contents.every(isResourceContents);
}

function isResourceContents(value: unknown): value is ResourceContents {
  if (typeof value !== "object" || value === null) return false;
  const item = value as Record<string, unknown>;
  return typeof item.uri === "string" && (typeof item.text === "string" || typeof item.blob === "string");
}

function dropUndefined<T extends Record<string, unknown>>(
  value: T,
): { [K in keyof T]: Exclude<T[K], undefined> } {
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) if (item !== undefined) result[key] = item;
  return result as { [K in keyof T]: Exclude<T[K], undefined> };
}

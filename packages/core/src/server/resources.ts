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
import type { Completers } from "./completion.js";
import type { Context } from "./context.js";

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
}

/**
 * What a resource handler returns: text, bytes (sent as a base64 blob), a value sent as JSON,
 * or full contents for full control.
 */
export type ResourceValue = string | Uint8Array | ReadResourceResult | ResourceContents[] | unknown;

export type ResourceHandler<U extends string> = (
  params: TemplateParams<U>,
  context: Context,
) => MaybePromise<ResourceValue>;

/** A static resource or a resource template as registered on a server. */
export class RegisteredResource {
  readonly template: UriTemplate | undefined;

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
    const value = await this.handler(params, context);
    return toReadResourceResult(uri, value, this.options.mimeType);
  }

  private describe() {
    const { title, description, mimeType, annotations, icons, size, _meta } = this.options;
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

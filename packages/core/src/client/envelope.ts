import { META, PROTOCOL_2026 } from "../protocol/era.js";
import type { ClientCapabilities, Implementation, LoggingLevel } from "../protocol/types.js";

/** What decides the capabilities a client declares: the handlers it was given. */
export interface CapabilitySources {
  roots: boolean;
  sampling: boolean;
  elicitation: boolean;
}

/**
 * The client capabilities for an era: 2025 announces roots changes (`listChanged`); 2026 has no
 * such notification, so its `roots` capability is empty.
 */
export function clientCapabilities(sources: CapabilitySources, modern: boolean): ClientCapabilities {
  const capabilities: ClientCapabilities = {};
  if (sources.roots) capabilities.roots = modern ? {} : { listChanged: true };
  if (sources.sampling) capabilities.sampling = {};
  if (sources.elicitation) capabilities.elicitation = { form: {} };
  return capabilities;
}

/**
 * The `_meta` every 2026 request carries in place of a session: version, capabilities, who is
 * asking, and the log level when one was asked for (no level, no log messages).
 */
export function envelopeMeta(
  capabilities: ClientCapabilities,
  clientInfo: Implementation,
  logLevel: LoggingLevel | undefined,
): Record<string, unknown> {
  const meta: Record<string, unknown> = {
    [META.protocolVersion]: PROTOCOL_2026,
    [META.clientCapabilities]: capabilities,
    [META.clientInfo]: clientInfo,
  };
  if (logLevel !== undefined) meta[META.logLevel] = logLevel;
  return meta;
}

/** `params` with the envelope merged into its `_meta` (which may already hold a progress token). */
export function withEnvelope(
  params: Record<string, unknown>,
  envelope: Record<string, unknown>,
): Record<string, unknown> {
  const meta = params._meta as Record<string, unknown> | undefined;
  return { ...params, _meta: meta ? { ...meta, ...envelope } : envelope };
}

/** What a client's envelope is made of, read from it whenever the envelope is (re)built. */
export interface EnvelopeSources {
  options: {
    name?: string | undefined;
    version?: string | undefined;
    onRoots?: unknown;
    onSampling?: unknown;
    onElicitation?: unknown;
    onLog?: unknown;
  };
  roots: unknown[] | undefined;
  logLevel: LoggingLevel | undefined;
}

/** A client's identity per era; the 2026 envelope is built once and rebuilt only after `changed`. */
export class ClientEnvelope {
  private cached: Record<string, unknown> | undefined;

  constructor(private readonly read: () => EnvelopeSources) {}

  capabilities(modern: boolean): ClientCapabilities {
    const { options, roots } = this.read();
    const sources = {
      roots: Boolean(roots || options.onRoots),
      sampling: Boolean(options.onSampling),
      elicitation: Boolean(options.onElicitation),
    };
    return clientCapabilities(sources, modern);
  }

  clientInfo(): Implementation {
    const { options } = this.read();
    return { name: options.name ?? "mcpkit-client", version: options.version ?? "0.1.0" };
  }

  /** `params` with the envelope in its `_meta`. */
  wrap(params: Record<string, unknown>): Record<string, unknown> {
    if (!this.cached) {
      const { options, logLevel } = this.read();
      // A client that takes log messages gets them at info and above until it sets a level.
      const level = logLevel ?? (options.onLog ? "info" : undefined);
      this.cached = envelopeMeta(this.capabilities(true), this.clientInfo(), level);
    }
    return withEnvelope(params, this.cached);
  }

  /** The log level or the roots changed. */
  changed(): void {
    this.cached = undefined;
  }
}
